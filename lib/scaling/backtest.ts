// Pure: replays a recorded range, minute by minute, through a scaling configuration. The load
// each minute is what was measured (CPU in all = per-instance CPU × instances running; requests
// in all); the simulated fleet divides it by its own count, the policies decide as they would
// have, and the count changes from the next minute. A minute counts as an SLO violation when the
// per-instance CPU reaches `sloCpuPct` (saturation: requests queue) – an explicit model, so the
// recorded minutes are judged by the same rule beside it.
import { boundedRecommendation, decide, type Sample } from './decide';
import type { ScalingConfig } from './policy';

export interface MinuteRecord {
  t: number;
  running: number | null;
  /** average CPU per instance, % of one core */
  cpu: number | null;
  /** requests per second through the proxy, in all */
  rps: number | null;
  p95: number | null;
  memory: number | null;
}

export interface BacktestPoint {
  t: number;
  recorded: number | null;
  simulated: number;
  recordedCpu: number | null;
  simulatedCpu: number | null;
}

export interface BacktestSide {
  instanceHours: number;
  violationMinutes: number;
  cost: number;
  actions: number;
}

export interface BacktestResult {
  minutes: number;
  points: BacktestPoint[];
  simulated: BacktestSide;
  recorded: BacktestSide;
  sloCpuPct: number;
}

export function backtest(
  records: readonly MinuteRecord[],
  config: ScalingConfig,
  opts: { sloCpuPct: number },
): BacktestResult {
  const withData = records.filter((r) => r.running !== null || r.cpu !== null || r.rps !== null);
  const first = withData[0];
  let n = Math.min(
    config.maxInstances,
    Math.max(config.minInstances, Math.round(first?.running ?? config.minInstances)),
  );
  const readings = new Map<string, Sample[]>();
  const push = (k: string, t: number, v: number) => {
    const list = readings.get(k) ?? [];
    list.push({ t, v });
    if (list.length > 120) list.shift();
    readings.set(k, list);
  };
  let lastAction: { at: number; direction: 'up' | 'down' } | null = null;
  let recommendations: { t: number; n: number }[] = [];
  const points: BacktestPoint[] = [];
  const sim: BacktestSide = { instanceHours: 0, violationMinutes: 0, cost: 0, actions: 0 };
  const rec: BacktestSide = { instanceHours: 0, violationMinutes: 0, cost: 0, actions: 0 };
  let prevRecorded: number | null = null;
  // Instance-minutes summed as they come (whole numbers, no drift), hours at the end.
  let simMinutes = 0;
  let recMinutes = 0;
  for (const r of withData) {
    const running: number | null = r.running ?? prevRecorded;
    const cpuTotal = r.cpu !== null && running ? r.cpu * running : null;
    const simCpu = cpuTotal !== null ? cpuTotal / Math.max(1, n) : null;
    if (simCpu !== null) push('cpu', r.t, simCpu);
    if (r.rps !== null) push('requestRate', r.t, r.rps / Math.max(1, n));
    if (r.p95 !== null) push('responseTime', r.t, r.p95);
    if (r.memory !== null) push('memory', r.t, r.memory);
    points.push({ t: r.t, recorded: running, simulated: n, recordedCpu: r.cpu, simulatedCpu: simCpu });
    simMinutes += n;
    if (simCpu !== null && simCpu >= opts.sloCpuPct) sim.violationMinutes++;
    if (running !== null) {
      recMinutes += running;
      if (prevRecorded !== null && running !== prevRecorded) rec.actions++;
    }
    if (r.cpu !== null && r.cpu >= opts.sloCpuPct) rec.violationMinutes++;
    prevRecorded = running;
    // Policies on metrics the record does not carry (database, custom) have no data here: they abstain.
    const d = decide({
      now: r.t,
      current: n,
      config: { ...config, override: null, maintenance: null },
      readings,
      lastAction,
      recommendations,
    });
    recommendations.push({ t: r.t, n: boundedRecommendation(d, config) });
    recommendations = recommendations.filter((x) => x.t >= r.t - Math.max(config.stabilizationMs, 60_000));
    if (d.after !== n) {
      lastAction = { at: r.t, direction: d.after > n ? 'up' : 'down' };
      sim.actions++;
      n = d.after;
    }
  }
  sim.instanceHours = simMinutes / 60;
  rec.instanceHours = recMinutes / 60;
  sim.cost = sim.instanceHours * config.pricePerInstanceHour;
  rec.cost = rec.instanceHours * config.pricePerInstanceHour;
  return { minutes: withData.length, points, simulated: sim, recorded: rec, sloCpuPct: opts.sloCpuPct };
}
