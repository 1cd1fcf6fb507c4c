// The ratio gates' verdict (pure): Redline's figure over its peer's, measured in the same run, held
// against a floor. The peer is measured twice; how far its two figures are apart is this run's own
// noise, and the floor is widened by it both ways, so a busy machine yields "inconclusive" rather
// than a false pass or a false fail.

export type GateVerdict = 'pass' | 'fail' | 'inconclusive';

export interface GateFloor {
  /** the lowest acceptable Redline / peer ratio */
  floor: number;
  /** why the floor is where it is (today's figure, the target) */
  reason: string;
}

export interface GateMeasure {
  /** Redline's figure (higher is better) */
  value: number;
  /** the peer's figure, measured before and after Redline's */
  peers: [number, number];
}

export interface GateResult {
  ratio: number;
  /** the peer's two runs' spread: their difference over the smaller of the two */
  noise: number;
  verdict: GateVerdict;
  detail: string;
}

/** Past this much spread between the peer's two runs, the run says nothing either way. */
export const MAX_NOISE = 0.3;

export function judge(m: GateMeasure, f: GateFloor): GateResult {
  const [a, b] = m.peers;
  const peer = (a + b) / 2;
  if (!(a > 0 && b > 0 && Number.isFinite(peer)) || !(m.value >= 0))
    return { ratio: Number.NaN, noise: Number.NaN, verdict: 'inconclusive', detail: 'a figure was not measured' };
  const ratio = m.value / peer;
  const noise = Math.abs(a - b) / Math.min(a, b);
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  if (noise > MAX_NOISE)
    return {
      ratio,
      noise,
      verdict: 'inconclusive',
      detail: `the peer moved ${pct(noise)} between its two runs (more than ${pct(MAX_NOISE)}): the machine was busy`,
    };
  const low = f.floor * (1 - noise);
  const high = f.floor * (1 + noise);
  if (ratio < low)
    return {
      ratio,
      noise,
      verdict: 'fail',
      detail: `below the floor ${f.floor}× by more than the run's noise (${pct(noise)})`,
    };
  if (ratio >= high)
    return { ratio, noise, verdict: 'pass', detail: `at or above ${f.floor}× with the run's noise (${pct(noise)})` };
  return {
    ratio,
    noise,
    verdict: 'inconclusive',
    detail: `within the run's noise (${pct(noise)}) of the floor ${f.floor}×: between ${low.toFixed(2)}× and ${high.toFixed(2)}×`,
  };
}

/** The run's exit: a failure fails it; an inconclusive gate does not (it says so). */
export const gateExitCode = (verdicts: GateVerdict[]): number => (verdicts.includes('fail') ? 1 : 0);
