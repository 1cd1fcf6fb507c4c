// Times every database query into the metrics store and hands slow ones to the recorder.
import type { QueryObserver } from '../db';
import type { MetricsWriter } from '../metrics/writer';
import { addChild, currentWork, type QueryTally } from '../observability/context';
import type { SlowQueryRecorder } from '../slow-queries/recorder';

/** A span name for a statement: its verb and first table, as OpenTelemetry's database conventions name them. */
export function sqlOperation(sql: string): string {
  const verb = sql.trimStart().split(/\s/, 1)[0]?.toUpperCase() ?? 'SQL';
  const table = /\b(?:FROM|INTO|UPDATE)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/i.exec(sql)?.[1];
  return table ? `${verb} ${table}` : verb;
}

const MAX_DISTINCT = 200;

/**
 * Counts a statement against the request or job running it. Prisma sends parameterized SQL, so
 * the same query with other values has the same text. A statement that started before the last
 * one like it ended ran concurrently with it (a Promise.all over a list, say).
 */
export function tally(
  queries: Map<string, QueryTally> | undefined,
  sql: string,
  durationMs: number,
  now = performance.now(),
): void {
  if (!queries) return;
  const t = queries.get(sql);
  if (t) {
    if (now - durationMs < t.lastEnd) t.concurrent = true;
    t.count++;
    t.totalMs += durationMs;
    t.lastEnd = Math.max(t.lastEnd, now);
  } else if (queries.size < MAX_DISTINCT) {
    queries.set(sql, { count: 1, totalMs: durationMs, concurrent: false, lastEnd: now });
  }
}

export function dbObserver(
  recorder: SlowQueryRecorder,
  metrics: () => MetricsWriter,
  enabled: () => boolean = () => true,
): QueryObserver {
  return {
    onSql(sql, durationMs) {
      const work = currentWork();
      if (work.internal || !enabled()) return;
      recorder.observe(sql, durationMs, work.route);
      tally(work.queries, sql, durationMs);
      addChild(
        work.trace,
        { name: sqlOperation(sql), kind: 3, attributes: { 'db.query.text': sql.slice(0, 2_000) } },
        durationMs,
      );
    },
    onOperation(model, operation, durationMs) {
      const work = currentWork();
      if (!work.internal && enabled())
        metrics().histogram('db_query_duration_ms', durationMs, { model, operation, route: work.route });
    },
  };
}
