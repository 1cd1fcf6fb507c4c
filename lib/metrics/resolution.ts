// Pure: which table answers a range query, and at which step, so long ranges stay fast.
export type Source = 'raw' | '1m' | '1h';

const TARGET_POINTS = 240; // enough for a chart, few enough to draw quickly
const MINUTE = 60_000;
const HOUR = 3_600_000;

/**
 * Raw points for short spans (fine steps), minute rollups up to two days, hourly beyond: a 7-day
 * range reads 168 hourly buckets per series instead of 10,080 minute ones.
 */
export function planQuery(fromMs: number, toMs: number, requestedStepMs?: number): { source: Source; stepMs: number } {
  const span = Math.max(1_000, toMs - fromMs);
  const wanted = requestedStepMs ?? Math.ceil(span / TARGET_POINTS);
  if (wanted >= HOUR || span > 48 * HOUR)
    return { source: '1h', stepMs: Math.max(HOUR, Math.ceil(wanted / HOUR) * HOUR) };
  if (wanted >= MINUTE) return { source: '1m', stepMs: Math.ceil(wanted / MINUTE) * MINUTE };
  const steps = [1_000, 5_000, 10_000, 15_000, 30_000];
  return { source: 'raw', stepMs: steps.find((s) => s >= wanted) ?? 30_000 };
}

/** Percentiles need histogram sketches: per minute and per hour for charts (daily ones serve range totals). */
export function histogramSource(source: Source): { resolution: 60 | 3600; minStepMs: number } {
  return source === '1h' ? { resolution: 3600, minStepMs: HOUR } : { resolution: 60, minStepMs: MINUTE };
}
