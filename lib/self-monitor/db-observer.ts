// Times every database query into the metrics store and hands slow ones to the recorder.
import type { QueryObserver } from '../db';
import type { MetricsWriter } from '../metrics/writer';
import { currentWork } from '../observability/context';
import type { SlowQueryRecorder } from '../slow-queries/recorder';

export function dbObserver(
  recorder: SlowQueryRecorder,
  metrics: () => MetricsWriter,
  enabled: () => boolean = () => true,
): QueryObserver {
  return {
    onSql(sql, durationMs) {
      const work = currentWork();
      if (!work.internal && enabled()) recorder.observe(sql, durationMs, work.route);
    },
    onOperation(model, operation, durationMs) {
      const work = currentWork();
      if (!work.internal && enabled())
        metrics().histogram('db_query_duration_ms', durationMs, { model, operation, route: work.route });
    },
  };
}
