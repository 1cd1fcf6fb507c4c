// What the forecast and the backtest read from the metrics store – the fleet's own recorded
// series – and the forecast job that keeps each hour's forecast for measuring accuracy.
import type { Db } from '../db';
import { querySeries } from '../metrics/query';
import { type BacktestResult, backtest, type MinuteRecord } from './backtest';
import {
  type Accuracy,
  accuracy,
  fitHoltWinters,
  type ForecastPoint,
  forecast,
  recommendSchedule,
  type ScheduleSuggestion,
} from './forecast';
import type { ScalingConfig } from './policy';

const HOUR = 3_600_000;
const MINUTE = 60_000;

async function averages(
  db: Db,
  name: string,
  fromMs: number,
  toMs: number,
  stepMs: number,
  filter?: Record<string, string>,
): Promise<Map<number, number>> {
  const r = await querySeries(db, { name, fromMs, toMs, stepMs, filter });
  const out = new Map<number, { sum: number; count: number }>();
  for (const s of r.series) {
    for (const p of s.points) {
      const e = out.get(p.t) ?? { sum: 0, count: 0 };
      e.sum += p.sum;
      e.count += p.count;
      out.set(p.t, e);
    }
  }
  return new Map([...out].filter(([, e]) => e.count > 0).map(([t, e]) => [t, e.sum / e.count]));
}

/** The fleet's recorded minutes: instances running, CPU per instance, requests, p95. */
export async function minuteRecords(db: Db, fromMs: number, toMs: number): Promise<MinuteRecord[]> {
  const [running, cpu, rps, p95] = await Promise.all([
    averages(db, 'fleet_instances', fromMs, toMs, MINUTE, { state: 'running' }),
    averages(db, 'fleet_instance_cpu_pct', fromMs, toMs, MINUTE),
    averages(db, 'lb_requests_per_second', fromMs, toMs, MINUTE),
    averages(db, 'lb_latency_p95_ms', fromMs, toMs, MINUTE),
  ]);
  const ts = [...new Set([...running.keys(), ...cpu.keys(), ...rps.keys()])].sort((a, b) => a - b);
  return ts.map((t) => ({
    t,
    running: running.get(t) ?? null,
    cpu: cpu.get(t) ?? null,
    rps: rps.get(t) ?? null,
    p95: p95.get(t) ?? null,
    memory: null,
  })); // memory policies abstain in a replay
}

export async function runBacktest(
  db: Db,
  config: ScalingConfig,
  fromMs: number,
  toMs: number,
  sloCpuPct: number,
): Promise<BacktestResult> {
  return backtest(await minuteRecords(db, fromMs, toMs), config, { sloCpuPct });
}

/** The seasons a forecast can assume: a day of hourly steps, or shorter ones for compressed patterns (the demo's "day in two minutes"). */
export const SEASONS = { '1d': 86_400_000, '1h': 3_600_000, '10m': 600_000, '2m': 120_000 } as const;
export type Season = keyof typeof SEASONS;
const STEPS_PER_SEASON = 24;

/**
 * Request rates per step (a season / 24), the longest run of consecutive steps with data that ends
 * most recently: 14 days for the daily season, the last 6 seasons for shorter ones (whose pattern
 * is a test's or a demo's and changes as a whole).
 */
export async function stepRates(db: Db, now: number, season: Season = '1d'): Promise<{ t: number; v: number }[]> {
  const step = SEASONS[season] / STEPS_PER_SEASON;
  const span = (season === '1d' ? 14 : 6) * SEASONS[season];
  const end = Math.floor(now / step) * step; // the current step is not over: not part of the history
  const m = await averages(db, 'lb_requests_per_second', end - span, end - 1, step);
  const run: { t: number; v: number }[] = [];
  for (let t = end - step; t >= end - span; t -= step) {
    const v = m.get(t);
    if (v === undefined) {
      if (run.length) break;
      continue;
    }
    run.unshift({ t, v });
  }
  return run;
}

export type ForecastView =
  | { status: 'insufficient'; season: Season; stepMs: number; haveSteps: number; needSteps: number; accuracy: Accuracy }
  | {
      status: 'ok';
      season: Season;
      stepMs: number;
      historySteps: number;
      history: { t: number; v: number }[];
      points: ForecastPoint[];
      rmse: number;
      perInstance: number | null;
      perInstanceSource: string;
      schedule: ScheduleSuggestion[];
      accuracy: Accuracy;
      holdout: Accuracy | null;
    };

/** How many req/s one instance carries: the request-rate target, or what the recorded CPU per request implies at the CPU target. */
async function capacityPerInstance(
  db: Db,
  config: ScalingConfig,
  now: number,
): Promise<{ perInstance: number | null; source: string }> {
  const rpsPolicy = config.policies.find((p) => p.enabled && p.metric === 'requestRate' && p.kind === 'target');
  if (rpsPolicy?.target) return { perInstance: rpsPolicy.target, source: `the request-rate target (${rpsPolicy.id})` };
  const cpuPolicy = config.policies.find((p) => p.enabled && p.metric === 'cpu' && p.kind === 'target');
  if (!cpuPolicy?.target) return { perInstance: null, source: 'no request-rate or CPU target policy' };
  const recs = (await minuteRecords(db, now - 24 * HOUR, now)).filter((r) => r.cpu !== null && r.rps && r.running);
  const cpuTotal = recs.reduce((n, r) => n + (r.cpu as number) * (r.running as number), 0);
  const rps = recs.reduce((n, r) => n + (r.rps as number), 0);
  if (rps < 1 || cpuTotal <= 0)
    return { perInstance: null, source: 'not enough recorded traffic to relate CPU to requests' };
  const per = cpuPolicy.target / (cpuTotal / rps);
  return {
    perInstance: per,
    source: `${cpuPolicy.target}% CPU target ÷ ${(cpuTotal / rps).toFixed(2)}% per req/s measured over 24 h`,
  };
}

/**
 * The forecast for the next season. Accuracy is measured two ways: hourly forecasts kept by the
 * job against what then happened (daily season), and a hold-out – the last recorded season
 * forecast from the seasons before it – which any season length can show at once.
 */
export async function forecastView(
  db: Db,
  config: ScalingConfig,
  now = Date.now(),
  season: Season = '1d',
): Promise<ForecastView> {
  const stepMs = SEASONS[season] / STEPS_PER_SEASON;
  const acc = season === '1d' ? await measuredAccuracy(db, now) : accuracy([]);
  const history = await stepRates(db, now, season);
  const model = fitHoltWinters(
    history.map((h) => h.v),
    STEPS_PER_SEASON,
  );
  if (!model)
    return {
      status: 'insufficient',
      season,
      stepMs,
      haveSteps: history.length,
      needSteps: 2 * STEPS_PER_SEASON,
      accuracy: acc,
    };
  const last = history.at(-1) as { t: number };
  const points = forecast(model, history.length, last.t, stepMs, STEPS_PER_SEASON);
  const cap = await capacityPerInstance(db, config, now);
  let holdout: Accuracy | null = null;
  if (history.length >= 3 * STEPS_PER_SEASON) {
    const train = history.slice(0, -STEPS_PER_SEASON);
    const test = history.slice(-STEPS_PER_SEASON);
    const m = fitHoltWinters(
      train.map((h) => h.v),
      STEPS_PER_SEASON,
    );
    if (m)
      holdout = accuracy(
        forecast(m, train.length, (train.at(-1) as { t: number }).t, stepMs, STEPS_PER_SEASON).map((p, i) => ({
          predicted: p.value,
          lower: p.lower,
          upper: p.upper,
          actual: (test[i] as { v: number }).v,
        })),
      );
  }
  return {
    status: 'ok',
    season,
    stepMs,
    historySteps: history.length,
    history: history.slice(-3 * STEPS_PER_SEASON),
    points,
    rmse: model.rmse,
    perInstance: cap.perInstance,
    perInstanceSource: cap.source,
    // A schedule is made of clock hours: only a daily season gives one.
    schedule:
      cap.perInstance && season === '1d'
        ? recommendSchedule(points, cap.perInstance, config.minInstances, config.maxInstances)
        : [],
    accuracy: acc,
    holdout,
  };
}

/** Forecasts kept for past hours against the hour's measured average. */
export async function measuredAccuracy(db: Db, now: number, days = 7): Promise<Accuracy> {
  const end = Math.floor(now / HOUR) * HOUR;
  const rows = await db.scalingForecast.findMany({
    where: { forTime: { gte: new Date(end - days * 24 * HOUR), lt: new Date(end) } },
  });
  if (!rows.length) return accuracy([]);
  const actual = await averages(db, 'lb_requests_per_second', end - days * 24 * HOUR, end - 1, HOUR);
  return accuracy(
    rows.flatMap((r) =>
      actual.has(r.forTime.getTime())
        ? [{ predicted: r.value, lower: r.lower, upper: r.upper, actual: actual.get(r.forTime.getTime()) as number }]
        : [],
    ),
  );
}

/** The hourly job: keep the next day's forecast (newer forecasts replace older ones for an hour). */
export async function recordForecast(
  db: Db,
  config: ScalingConfig,
  now = Date.now(),
): Promise<{ stored: number; status: string }> {
  const v = await forecastView(db, config, now);
  if (v.status !== 'ok') return { stored: 0, status: v.status };
  for (const p of v.points) {
    const data = { madeAt: new Date(now), value: p.value, lower: p.lower, upper: p.upper };
    await db.scalingForecast.upsert({
      where: { forTime: new Date(p.t) },
      create: { forTime: new Date(p.t), ...data },
      update: data,
    });
  }
  return { stored: v.points.length, status: 'ok' };
}
