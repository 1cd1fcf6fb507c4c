// The process's slow-query recorder and the reads behind the slow-query views.
import { type Db, db, dialect } from '../db';
import { metrics } from '../metrics';
import { querySeries } from '../metrics/query';
import { liveSetting } from '../settings/live';
import { SlowQueryRecorder } from './recorder';
import { once, slot } from '../process/registry';

/** the in-memory aggregation of slow statements */
export const SLOW_QUERIES = slot<SlowQueryRecorder>('slowQueries');

export function slowQueries(): SlowQueryRecorder {
  return once(
    SLOW_QUERIES,
    () => new SlowQueryRecorder(db, dialect, metrics, () => liveSetting('monitoring.slowQueryThresholdMs')),
  );
}

export interface SlowQueryView {
  fingerprint: string;
  sql: string;
  route: string;
  count: number;
  totalMs: number;
  meanMs: number;
  p95Ms: number | null;
  maxMs: number;
  firstSeen: string;
  lastSeen: string;
}

/** Top slow queries of a range by total time: counts and percentiles from the range's histograms. */
export async function topSlowQueries(
  database: Db,
  fromMs: number,
  toMs: number,
  limit: number,
): Promise<SlowQueryView[]> {
  const stats = await querySeries(database, {
    name: 'db_slow_query_duration_ms',
    fromMs,
    toMs,
    groupBy: ['fingerprint', 'route'],
    quantiles: [0.95],
    totalsOnly: true,
  });
  const rows = await database.slowQuery.findMany({ where: { lastSeen: { gte: BigInt(fromMs) } } });
  const byKey = new Map(rows.map((r) => [`${r.fingerprint}\u0000${r.route}`, r]));
  return stats.series
    .map((s) => {
      const row = byKey.get(`${s.labels.fingerprint}\u0000${s.labels.route}`);
      if (!row) return undefined;
      return {
        fingerprint: row.fingerprint,
        sql: row.sql,
        route: row.route,
        count: s.total.count,
        totalMs: s.total.sum,
        meanMs: s.total.avg,
        p95Ms: s.total.quantiles?.p95 ?? null,
        maxMs: s.total.max,
        firstSeen: new Date(Number(row.firstSeen)).toISOString(),
        lastSeen: new Date(Number(row.lastSeen)).toISOString(),
      };
    })
    .filter((v): v is SlowQueryView => v !== undefined)
    .sort((a, b) => b.totalMs - a.totalMs)
    .slice(0, limit);
}
