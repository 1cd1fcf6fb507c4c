import { badRequestOnThrow } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { serviceMapQuery } from '@/lib/tracing/query';
import { serviceMap } from '@/lib/tracing/service-map';
import { serviceMapSpans } from '@/lib/tracing/store';
import { resolveRange } from '@/lib/time-range';

// GET /api/traces/service-map?range= – services with their requests, rate, error rate and p95 (each operation too), and the calls between them
export const GET = route({ role: 'viewer', query: serviceMapQuery }, async ({ query }) => {
  const { fromMs, toMs } = badRequestOnThrow(() => resolveRange(query));
  const read = await serviceMapSpans(fromMs * 1000, toMs * 1000);
  const seconds = Math.max(1, (toMs * 1000 - read.fromUs) / 1e6);
  return { ...serviceMap(read.spans, seconds), seconds, stoppedAfter: read.stoppedAfter };
});
