// What every API request records, registered at boot for the route wrapper (lib/api/observer.ts):
// its own trace (head-sampled), its duration in the metrics store, and for changes an audit row.
import type { RequestObserver } from '../api/observer';
import { writeAudit } from '../audit/service';
import { metrics } from '../metrics';
import { liveSetting } from '../settings/live';
import { beginTrace, endTrace } from '../tracing/self';

export const requestObserver: RequestObserver = {
  begin: (headers) => beginTrace(headers),
  end(trace, e) {
    if (trace) endTrace(trace, e);
    if (liveSetting('monitoring.enabled') && liveSetting('monitoring.collect.api'))
      metrics().histogram('http_server_request_duration_ms', e.ms, {
        service: 'redline',
        route: e.route,
        method: e.method,
        status: String(e.status),
      });
  },
  audit: writeAudit,
};
