// The Memory tab's figures per target: GC pauses by kind (count, p50, p99) and whether the heap
// after collections keeps growing — Redline's from its self-sampler, the proxy thread's and the
// instances' from what their agents report.
import { db } from '../db';
import { querySeries } from '../metrics/query';
import { heapGrowth, steadyGrowth } from './growth';

export async function memorySummary(fromMs: number, toMs: number) {
  const [mainGc, otherGc, mainHeap, otherHeap] = await Promise.all([
    querySeries(db(), {
      name: 'gc_pause_ms',
      fromMs,
      toMs,
      groupBy: ['kind'],
      quantiles: [0.5, 0.99],
      totalsOnly: true,
    }),
    querySeries(db(), {
      name: 'profiling_gc_pause_ms',
      fromMs,
      toMs,
      groupBy: ['target', 'kind'],
      quantiles: [0.5, 0.99],
      totalsOnly: true,
    }),
    querySeries(db(), { name: 'process_heap_used_bytes', fromMs, toMs, stepMs: 60_000 }),
    querySeries(db(), { name: 'profiling_heap_used_bytes', fromMs, toMs, stepMs: 60_000, groupBy: ['target'] }),
  ]);
  const gc = [
    ...mainGc.series.map((s) => ({ target: 'redline', kind: s.labels.kind ?? 'all', s })),
    ...otherGc.series.map((s) => ({ target: s.labels.target ?? '?', kind: s.labels.kind ?? 'all', s })),
  ].map(({ target, kind, s }) => ({
    target,
    kind,
    count: s.total.count,
    totalMs: s.total.sum,
    p50Ms: s.total.quantiles?.p50 ?? null,
    p99Ms: s.total.quantiles?.p99 ?? null,
  }));
  const heaps = [
    { target: 'redline', points: mainHeap.series[0]?.points ?? [] },
    ...otherHeap.series.map((s) => ({ target: s.labels.target ?? '?', points: s.points })),
  ].map(({ target, points }) => {
    const growth = heapGrowth(points.map((p) => ({ t: p.t, v: p.min })));
    return { target, growth, growing: steadyGrowth(growth) };
  });
  return { fromMs, toMs, gc, heaps };
}
