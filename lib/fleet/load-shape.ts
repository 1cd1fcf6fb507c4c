// Pure: the demo's and the reaction bench's load patterns, as a request rate over time.
export type LoadPattern =
  | { kind: 'step'; low: number; high: number; stepAtMs: number; downAtMs: number }
  | { kind: 'daily'; low: number; high: number; periodMs: number };

/** Requests per second the pattern asks for `t` ms after it started. */
export function rateAt(p: LoadPattern, t: number): number {
  if (p.kind === 'step') return t >= p.stepAtMs && t < p.downAtMs ? p.high : p.low;
  // A day compressed into the period: quiet night, morning ramp, midday peak, evening shoulder.
  const phase = (t % p.periodMs) / p.periodMs;
  const shape = 0.5 - 0.5 * Math.cos(2 * Math.PI * phase) + 0.15 * Math.sin(4 * Math.PI * phase);
  return p.low + (p.high - p.low) * Math.min(1, Math.max(0, shape));
}
