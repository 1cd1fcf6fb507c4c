// Pure: recommendations from measured figures only. Each carries its evidence (numbers and the
// range they cover), a severity, an estimated impact and a link to the view that shows it.
import type { SettingValues } from '../config/runtime-settings';
import { describeGrowth, type Growth } from '../profiling/growth';
import type { SlowQueryView } from '../slow-queries';
import type { TraceRepeat } from '../tracing/trace-repeats';
import type { SummaryRow } from './summary';

export interface Recommendation {
  id: string;
  title: string;
  severity: 'info' | 'warning' | 'critical';
  category: 'api' | 'database' | 'cache' | 'memory' | 'cpu';
  evidence: Record<string, number | string>;
  impact: string;
  link: string;
}

export interface RuleInputs {
  fromMs: number;
  toMs: number;
  routes: SummaryRow[]; // http_server_request_duration_ms by service, route
  database: SummaryRow | null;
  slowQueries: SlowQueryView[];
  cacheRequests: number;
  cacheHitRate: number | null;
  /** Redline's heap after collections over the range (profiling/growth.ts) */
  heap: Growth;
  eventLoopP99Ms: number | null;
  settings: SettingValues;
  /** repeated calls (N+1) in received traces of the range (tracing/trace-repeats.ts) */
  traceRepeats?: TraceRepeat[];
}

const MIN_REQUESTS = 20;
const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;

export function recommend(i: RuleInputs): Recommendation[] {
  const out: Recommendation[] = [];
  const range = `${new Date(i.fromMs).toISOString()} – ${new Date(i.toMs).toISOString()}`;
  const q = `from=${i.fromMs}&to=${i.toMs}&range=custom`;
  const budget = i.settings['monitoring.threshold.apiResponseTimeMs'];
  for (const r of i.routes) {
    if (r.count < MIN_REQUESTS || r.p95 === null || r.p95 <= budget) continue;
    const route = r.labels.route ?? '?';
    const queries = i.slowQueries.filter((s) => s.route === route).slice(0, 3);
    out.push({
      id: `api-p95:${r.labels.service}:${route}`,
      title: `${route} is over its latency budget (p95 ${round(r.p95)} ms > ${budget} ms)`,
      severity: r.p95 > 2 * budget ? 'critical' : 'warning',
      category: 'api',
      evidence: {
        service: r.labels.service ?? '?',
        route,
        requests: r.count,
        p95Ms: round(r.p95),
        p99Ms: round(r.p99 ?? 0),
        budgetMs: budget,
        range,
        ...(queries[0]
          ? { slowestQuery: queries[0].sql.slice(0, 200), slowestQueryTotalMs: round(queries[0].totalMs) }
          : {}),
      },
      impact: `${Math.round(r.count * 0.05)}+ of ${r.count} requests in the range took over ${round(r.p95)} ms; bringing p95 to ${budget} ms saves at least ${round(r.p95 - budget)} ms on each of them`,
      link: `/performance/api?${q}`,
    });
  }
  for (const r of i.routes) {
    if (r.count < MIN_REQUESTS || r.errorRate === null || r.errorRate <= 0.05) continue;
    out.push({
      id: `api-errors:${r.labels.service}:${r.labels.route}`,
      title: `${r.labels.route} fails ${round(r.errorRate * 100)}% of requests with 5xx`,
      severity: r.errorRate > 0.2 ? 'critical' : 'warning',
      category: 'api',
      evidence: { route: r.labels.route ?? '?', requests: r.count, errorRatePct: round(r.errorRate * 100), range },
      impact: `${Math.round(r.count * r.errorRate)} failed requests in the range`,
      link: `/performance/api?${q}`,
    });
  }
  const dbBudget = i.settings['monitoring.threshold.databaseQueryTimeMs'];
  if (i.database && i.database.count >= MIN_REQUESTS && i.database.p95 !== null && i.database.p95 > dbBudget) {
    out.push({
      id: 'db-p95',
      title: `Database queries are slow (p95 ${round(i.database.p95)} ms > ${dbBudget} ms)`,
      severity: 'warning',
      category: 'database',
      evidence: { queries: i.database.count, p95Ms: round(i.database.p95), budgetMs: dbBudget, range },
      impact: `${i.database.count} queries in the range; see the slow-query table for the ones to index or rewrite`,
      link: `/performance/database?${q}`,
    });
  }
  const top = i.slowQueries[0];
  if (top && top.count >= 5) {
    out.push({
      id: `slow-query:${top.fingerprint}:${top.route}`,
      title: `One query pattern took ${round(top.totalMs / 1000)} s in ${top.count} calls from ${top.route}`,
      severity: top.meanMs > 4 * i.settings['monitoring.slowQueryThresholdMs'] ? 'critical' : 'warning',
      category: 'database',
      evidence: {
        sql: top.sql.slice(0, 300),
        route: top.route,
        calls: top.count,
        meanMs: round(top.meanMs),
        p95Ms: round(top.p95Ms ?? 0),
        totalMs: round(top.totalMs),
        range,
      },
      impact: `Up to ${round(top.totalMs / 1000)} s of database time in the range`,
      link: `/performance/database?${q}`,
    });
  }
  const floor = i.settings['monitoring.threshold.cacheHitRatePct'];
  if (i.cacheHitRate !== null && i.cacheRequests >= 50 && i.cacheHitRate * 100 < floor) {
    out.push({
      id: 'cache-hit-rate',
      title: `Cache hit rate ${round(i.cacheHitRate * 100)}% is below ${floor}%`,
      severity: 'warning',
      category: 'cache',
      evidence: { requests: i.cacheRequests, hitRatePct: round(i.cacheHitRate * 100), floorPct: floor, range },
      impact: `${Math.round(i.cacheRequests * (1 - i.cacheHitRate))} misses went to the origin in the range`,
      link: `/performance/caching?${q}`,
    });
  }
  if (i.heap.verdict === 'growing') {
    const g = i.heap;
    out.push({
      id: 'memory-growth',
      title: `Heap after garbage collection grows steadily (${round(g.mbPerHour ?? 0)} MB/h over ${round(((g.toMs ?? 0) - (g.fromMs ?? 0)) / 3_600_000)} h)`,
      severity: 'warning',
      category: 'memory',
      evidence: {
        measured: g.measured,
        fromMB: round(g.fromMb ?? 0),
        toMB: round(g.toMb ?? 0),
        perHourMB: round(g.mbPerHour ?? 0),
        kendallTau: round(g.tau ?? 0, 2),
        windows: g.windows,
        range: `${new Date(g.fromMs ?? 0).toISOString()} – ${new Date(g.toMs ?? 0).toISOString()}`,
      },
      impact: `${describeGrowth(g, 'Redline')} A leak at this rate ends in an out-of-memory restart; compare heap snapshots on Profiling → Memory`,
      link: `/profiling/memory?${q}`,
    });
  }
  if (i.eventLoopP99Ms !== null && i.eventLoopP99Ms > 100) {
    out.push({
      id: 'event-loop-delay',
      title: `Event-loop delay is high (p99 ${round(i.eventLoopP99Ms)} ms)`,
      severity: i.eventLoopP99Ms > 500 ? 'critical' : 'warning',
      category: 'cpu',
      evidence: { p99Ms: round(i.eventLoopP99Ms), range },
      impact: 'Every request waits this long for the event loop on top of its own work; look for synchronous CPU work',
      link: `/performance/overview?${q}`,
    });
  }
  // N+1 in received traces: the three costing the most time, each with a trace to open.
  for (const r of (i.traceRepeats ?? []).slice(0, 3)) {
    const call = r.key.length > 120 ? `${r.key.slice(0, 120)}…` : r.key;
    out.push({
      id: `trace-repeat:${r.service}:${r.kind}:${r.key.slice(0, 200)}`,
      title: `${r.service} repeats ${r.kind === 'db' ? 'a statement' : 'a call'} up to ${r.maxCount}× in one request (${r.traces} trace${r.traces === 1 ? '' : 's'})`,
      severity: r.maxCount >= 50 || r.wallUs >= 1_000_000 ? 'warning' : 'info',
      category: r.kind === 'db' ? 'database' : 'api',
      evidence: {
        service: r.service,
        call,
        traces: r.traces,
        mostInOneTrace: r.maxCount,
        totalMs: round(r.totalUs / 1000),
        waitedMs: round(r.wallUs / 1000),
        concurrent: r.concurrent ? 'yes' : 'no',
        range,
      },
      impact:
        r.kind === 'db'
          ? `${round(r.wallUs / 1000)} ms of request time in the range went to these statements; one query for the set (IN (…) or a join) replaces up to ${r.maxCount - 1} round trips per request`
          : `${round(r.wallUs / 1000)} ms of request time in the range went to these calls; one batched call replaces up to ${r.maxCount - 1} per request`,
      link: `/profiling/tracing?trace=${r.exampleTraceId}&${q}`,
    });
  }
  const rank = { critical: 0, warning: 1, info: 2 };
  return out.sort((a, b) => rank[a.severity] - rank[b.severity]);
}
