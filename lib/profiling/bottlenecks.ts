// The Profiling overview's bottlenecks, each from measurements of the same range: the slowest
// routes with the functions hottest while they ran (continuous samples labelled by route), event-
// loop stalls with the stacks sampled in those minutes, GC pressure, a heap that keeps growing
// after collections, and N+1 statements in Redline's own requests.
import { db } from '../db';
import { querySeries } from '../metrics/query';
import { summarize } from '../performance/summary';
import { continuousRange, MAIN } from './continuous';
import { heapGrowth, steadyGrowth } from './growth';
import { topFunctions, withLabel } from './model';
import { listQueryRepeats } from './query-repeats';

const STALL_MS = 100;

export async function bottlenecks(fromMs: number, toMs: number) {
  const [routes, loop, gc, heap, repeats, cpu] = await Promise.all([
    summarize(db(), 'http_server_request_duration_ms', fromMs, toMs, ['route']),
    querySeries(db(), { name: 'event_loop_delay_p99_ms', fromMs, toMs, stepMs: 60_000 }),
    querySeries(db(), {
      name: 'gc_pause_ms',
      fromMs,
      toMs,
      groupBy: ['kind'],
      quantiles: [0.5, 0.99],
      totalsOnly: true,
    }),
    querySeries(db(), { name: 'process_heap_used_bytes', fromMs, toMs, stepMs: 60_000 }),
    listQueryRepeats(fromMs, 20),
    continuousRange(MAIN, fromMs, toMs),
  ]);

  const slowest = routes
    .filter(
      (r) => r.p95 !== null && r.labels.route && r.labels.route !== '/api/health' && r.labels.route !== '/api/ping',
    )
    .sort((a, b) => (b.p95 ?? 0) - (a.p95 ?? 0))
    .slice(0, 5)
    .map((r) => {
      const route = r.labels.route as string;
      const own = withLabel(cpu, route);
      const sampled = own.stacks.reduce((n, s) => n + s.value, 0);
      return {
        route,
        count: r.count,
        p95Ms: r.p95,
        p99Ms: r.p99,
        cpuMsSampled: sampled / 1_000,
        hottest: topFunctions(own, 3),
      };
    });

  // A stall: a minute whose event-loop delay p99 went past 100 ms; its stacks are that minute's.
  const stallMinutes = (loop.series[0]?.points ?? [])
    .filter((p) => p.max >= STALL_MS)
    .sort((a, b) => b.max - a.max)
    .slice(0, 3);
  const stalls = await Promise.all(
    stallMinutes.map(async (p) => {
      const minute = await continuousRange(MAIN, p.t, p.t + 60_000);
      return {
        at: new Date(p.t).toISOString(),
        delayMs: p.max,
        hottest: minute.minutes ? topFunctions(minute, 3) : [],
      };
    }),
  );

  const spanMs = toMs - fromMs;
  const gcKinds = gc.series.map((s) => ({
    kind: s.labels.kind ?? 'all',
    count: s.total.count,
    totalMs: s.total.sum,
    p50Ms: s.total.quantiles?.p50 ?? null,
    p99Ms: s.total.quantiles?.p99 ?? null,
  }));
  const gcMs = gcKinds.reduce((n, k) => n + k.totalMs, 0);

  const heapPoints = (heap.series[0]?.points ?? []).map((p) => ({ t: p.t, v: p.min }));
  const growth = heapGrowth(heapPoints);

  return {
    fromMs,
    toMs,
    continuousMinutes: cpu.minutes,
    slowest,
    stalls,
    gc: { kinds: gcKinds, totalMs: gcMs, sharePct: spanMs > 0 ? (gcMs / spanMs) * 100 : 0 },
    heap: { growth, growing: steadyGrowth(growth) },
    repeats,
  };
}
