// The performance figures behind the optimization and performance APIs and the dashboard.
import type { Db } from '../db';
import { querySeries, type SeriesResult } from '../metrics/query';
import type { Series } from '../metrics/series';
import type { SettingValues } from '../config/runtime-settings';
import { topSlowQueries } from '../slow-queries';
import { type Category, CATEGORY_METRICS, type CategoryMetric } from './categories';
import { CPU_FIGURES, MEMORY_FIGURES } from './resources';
import { type SummaryRow, summarize } from './summary';

export interface MetricReport {
  metric: CategoryMetric;
  series: SeriesResult;
  summary?: SummaryRow[];
}

export async function categoryReport(
  db: Db,
  category: Category,
  fromMs: number,
  toMs: number,
): Promise<MetricReport[]> {
  return Promise.all(
    CATEGORY_METRICS[category].map(async (metric): Promise<MetricReport> => {
      if (metric.kind === 'latency') {
        const [series, summary] = await Promise.all([
          querySeries(db, { name: metric.name, fromMs, toMs, groupBy: [], quantiles: [0.5, 0.95, 0.99] }),
          summarize(db, metric.name, fromMs, toMs, metric.groupBy),
        ]);
        return { metric, series, summary };
      }
      return { metric, series: await querySeries(db, { name: metric.name, fromMs, toMs, groupBy: metric.groupBy }) };
    }),
  );
}

/** Pure: hit rate (0..1) from cache_requests_total grouped by result; null without requests. */
export function hitRate(series: readonly Series[]): number | null {
  let hits = 0;
  let total = 0;
  for (const s of series) {
    total += s.total.sum;
    if (s.labels.result === 'hit') hits += s.total.sum;
  }
  return total ? hits / total : null;
}

/** Pure: the most recent value of a level metric across its series (mean of the last step). */
export function latest(series: readonly Series[]): number | null {
  let t = -1;
  let value: number | null = null;
  for (const s of series) {
    const last = s.points[s.points.length - 1];
    if (last && last.t >= t) {
      t = last.t;
      value = last.avg;
    }
  }
  return value;
}

export interface Stats {
  api: SummaryRow | null;
  database: SummaryRow | null;
  cacheHitRate: number | null;
  cpuPercent: number | null;
  memoryPercent: number | null;
  slowQueries: number;
}

export async function performanceStats(db: Db, fromMs: number, toMs: number, s: SettingValues): Promise<Stats> {
  const [api, database, cache, cpu, memory, slow] = await Promise.all([
    summarize(db, 'http_server_request_duration_ms', fromMs, toMs, []),
    summarize(db, 'db_query_duration_ms', fromMs, toMs, []),
    querySeries(db, { name: 'cache_requests_total', fromMs, toMs, groupBy: ['result'] }),
    querySeries(db, { name: CPU_FIGURES[s['monitoring.threshold.cpuScope']].metric, fromMs, toMs, groupBy: [] }),
    querySeries(db, { name: MEMORY_FIGURES[s['monitoring.threshold.memoryScope']].metric, fromMs, toMs, groupBy: [] }),
    topSlowQueries(db, fromMs, toMs, 1_000),
  ]);
  return {
    api: api[0] ?? null,
    database: database[0] ?? null,
    cacheHitRate: hitRate(cache.series),
    cpuPercent: latest(cpu.series),
    memoryPercent: latest(memory.series),
    slowQueries: slow.reduce((n, q) => n + q.count, 0),
  };
}

export interface Card {
  key: 'apiResponseTime' | 'databaseQueryTime' | 'cacheHitRate' | 'memoryUsage' | 'cpuUsage';
  title: string;
  /** what the figure measures, in words (shown under it) */
  measures: string;
  value: number | null;
  unit: 'ms' | 'percent';
  threshold: number;
  /** breach: past the threshold; ok: within; unknown: nothing measured in the range */
  state: 'ok' | 'breach' | 'unknown';
}

/** Pure: summary cards against the thresholds (p95 latencies; a floor for the cache hit rate). */
export function cards(stats: Stats, s: SettingValues): Card[] {
  const above = (v: number | null, t: number) => (v === null ? 'unknown' : v > t ? 'breach' : 'ok');
  const hit = stats.cacheHitRate === null ? null : stats.cacheHitRate * 100;
  return [
    {
      key: 'apiResponseTime',
      title: 'API p95',
      measures: 'p95 of every API request Redline served in the range',
      value: stats.api?.p95 ?? null,
      unit: 'ms',
      threshold: s['monitoring.threshold.apiResponseTimeMs'],
      state: above(stats.api?.p95 ?? null, s['monitoring.threshold.apiResponseTimeMs']),
    },
    {
      key: 'databaseQueryTime',
      title: 'Database p95',
      measures: "p95 of Redline's database statements in the range",
      value: stats.database?.p95 ?? null,
      unit: 'ms',
      threshold: s['monitoring.threshold.databaseQueryTimeMs'],
      state: above(stats.database?.p95 ?? null, s['monitoring.threshold.databaseQueryTimeMs']),
    },
    {
      key: 'cacheHitRate',
      title: 'Cache hit rate',
      measures: "hits among Redline's cache lookups in the range",
      value: hit,
      unit: 'percent',
      threshold: s['monitoring.threshold.cacheHitRatePct'],
      state: hit === null ? 'unknown' : hit < s['monitoring.threshold.cacheHitRatePct'] ? 'breach' : 'ok',
    },
    {
      key: 'memoryUsage',
      title: MEMORY_FIGURES[s['monitoring.threshold.memoryScope']].title,
      measures: `${MEMORY_FIGURES[s['monitoring.threshold.memoryScope']].measures}, latest reading`,
      value: stats.memoryPercent,
      unit: 'percent',
      threshold: s['monitoring.threshold.memoryUsagePct'],
      state: above(stats.memoryPercent, s['monitoring.threshold.memoryUsagePct']),
    },
    {
      key: 'cpuUsage',
      title: CPU_FIGURES[s['monitoring.threshold.cpuScope']].title,
      measures: `${CPU_FIGURES[s['monitoring.threshold.cpuScope']].measures}, latest reading`,
      value: stats.cpuPercent,
      unit: 'percent',
      threshold: s['monitoring.threshold.cpuUsagePct'],
      state: above(stats.cpuPercent, s['monitoring.threshold.cpuUsagePct']),
    },
  ];
}

export { topSlowQueries };
