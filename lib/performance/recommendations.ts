// Gathers the measured inputs of the recommendation rules.
import type { Db } from '../db';
import { querySeries } from '../metrics/query';
import { heapGrowth } from '../profiling/growth';
import { effectiveSettings } from '../settings/service';
import { topSlowQueries } from '../slow-queries';
import { repeatedCallsInTraces } from '../tracing/trace-repeats';
import { type Recommendation, recommend } from './rules';
import { hitRate, latest } from './service';
import { summarize } from './summary';

export async function recommendations(db: Db, fromMs: number, toMs: number): Promise<Recommendation[]> {
  const [routes, database, slow, cache, heap, loop, settings, repeats] = await Promise.all([
    summarize(db, 'http_server_request_duration_ms', fromMs, toMs, ['service', 'route']),
    summarize(db, 'db_query_duration_ms', fromMs, toMs, []),
    topSlowQueries(db, fromMs, toMs, 20),
    querySeries(db, { name: 'cache_requests_total', fromMs, toMs, groupBy: ['result'] }),
    querySeries(db, { name: 'process_heap_used_bytes', fromMs, toMs, stepMs: 60_000, groupBy: [] }),
    querySeries(db, { name: 'event_loop_delay_p99_ms', fromMs, toMs, groupBy: [] }),
    effectiveSettings(),
    repeatedCallsInTraces(fromMs * 1000, toMs * 1000),
  ]);
  return recommend({
    fromMs,
    toMs,
    routes,
    database: database[0] ?? null,
    slowQueries: slow,
    cacheRequests: cache.series.reduce((n, s) => n + s.total.sum, 0),
    cacheHitRate: hitRate(cache.series),
    heap: heapGrowth((heap.series[0]?.points ?? []).map((p) => ({ t: p.t, v: p.min }))),
    eventLoopP99Ms: latest(loop.series),
    settings,
    traceRepeats: repeats.repeats,
  });
}
