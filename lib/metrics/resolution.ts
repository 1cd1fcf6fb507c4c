// Pure: which table answers a range query, and at which step, so long ranges stay fast.
export type Source = 'raw' | '1m' | '1h';

const TARGET_POINTS = 240; // enough for a chart, few enough to draw quickly

/** Picks the coarsest source that still gives about TARGET_POINTS steps over the range. */
export function planQuery(fromMs: number, toMs: number, requestedStepMs?: number): { source: Source; stepMs: number } {
  const span = Math.max(1_000, toMs - fromMs);
  const wanted = requestedStepMs ?? Math.ceil(span / TARGET_POINTS);
  if (wanted >= 3_600_000) return { source: '1h', stepMs: Math.ceil(wanted / 3_600_000) * 3_600_000 };
  if (wanted >= 60_000) return { source: '1m', stepMs: Math.ceil(wanted / 60_000) * 60_000 };
  const steps = [1_000, 5_000, 10_000, 15_000, 30_000];
  return { source: 'raw', stepMs: steps.find((s) => s >= wanted) ?? 30_000 };
}
