// Pure: a seasonal forecast of the request rate (additive Holt-Winters, daily season of hourly
// points), its confidence band, the capacity schedule it recommends, and how accurate earlier
// forecasts were against what happened.

export interface HwModel {
  alpha: number;
  beta: number;
  gamma: number;
  level: number;
  trend: number;
  season: number[];
  /** root mean square of the one-step-ahead errors over the history */
  rmse: number;
}

/** Fits additive Holt-Winters to `y` (season length m) by grid search over the smoothing factors. */
export function fitHoltWinters(y: readonly number[], m: number): HwModel | null {
  if (y.length < 2 * m) return null;
  const grid = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7];
  let best: HwModel | null = null;
  for (const alpha of grid) {
    for (const beta of [0, 0.01, 0.05, 0.1]) {
      for (const gamma of [0.05, 0.1, 0.2, 0.4]) {
        const m1 = run(y, m, alpha, beta, gamma);
        if (!best || m1.rmse < best.rmse) best = m1;
      }
    }
  }
  return best;
}

function run(y: readonly number[], m: number, alpha: number, beta: number, gamma: number): HwModel {
  // Initial level and trend from the first two seasons; initial season as deviations from the first.
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const s1 = y.slice(0, m);
  const s2 = y.slice(m, 2 * m);
  let level = mean(s1);
  let trend = (mean(s2) - mean(s1)) / m;
  const season = s1.map((v) => v - level);
  let sse = 0;
  let n = 0;
  for (let t = m; t < y.length; t++) {
    const i = t % m;
    const predicted = level + trend + (season[i] as number);
    const err = (y[t] as number) - predicted;
    sse += err * err;
    n++;
    const prevLevel = level;
    level = alpha * ((y[t] as number) - (season[i] as number)) + (1 - alpha) * (level + trend);
    trend = beta * (level - prevLevel) + (1 - beta) * trend;
    season[i] = gamma * ((y[t] as number) - level) + (1 - gamma) * (season[i] as number);
  }
  return { alpha, beta, gamma, level, trend, season, rmse: Math.sqrt(sse / Math.max(1, n)) };
}

export interface ForecastPoint {
  t: number;
  value: number;
  lower: number;
  upper: number;
}

/**
 * The next `h` points after the history (whose last point is at `lastT`, step `stepMs`), with a
 * 95% band: ±1.96 × the one-step RMSE, widening with each season ahead. Rates are never negative.
 */
export function forecast(
  model: HwModel,
  historyLength: number,
  lastT: number,
  stepMs: number,
  h: number,
): ForecastPoint[] {
  const m = model.season.length;
  return Array.from({ length: h }, (_, k) => {
    const step = k + 1;
    const value = Math.max(0, model.level + step * model.trend + (model.season[(historyLength + k) % m] as number));
    const half = 1.96 * model.rmse * Math.sqrt(1 + Math.floor(k / m) + (k % m) / m);
    return { t: lastT + step * stepMs, value, lower: Math.max(0, value - half), upper: value + half };
  });
}

export interface ScheduleSuggestion {
  fromHour: number;
  toHour: number;
  instances: number;
}

/** Instances per forecast hour to carry the band's upper edge at `perInstance` req/s each, as runs of equal counts. */
export function recommendSchedule(
  points: readonly ForecastPoint[],
  perInstance: number,
  min: number,
  max: number,
): ScheduleSuggestion[] {
  const out: ScheduleSuggestion[] = [];
  for (const p of points) {
    const hour = new Date(p.t).getUTCHours();
    const n = Math.min(max, Math.max(min, Math.ceil(p.upper / perInstance)));
    const last = out.at(-1);
    if (last && last.instances === n && last.toHour === hour) last.toHour = (hour + 1) % 24;
    else out.push({ fromHour: hour, toHour: (hour + 1) % 24, instances: n });
  }
  return out;
}

export interface Accuracy {
  points: number;
  /** weighted absolute percentage error: Σ|forecast − actual| / Σ actual, in % (robust where traffic is near zero, unlike MAPE) */
  wape: number | null;
  /** share of hours whose actual value fell inside the band */
  coverage: number | null;
}

/** Earlier forecasts against what happened (step by step). */
export function accuracy(
  pairs: readonly { predicted: number; lower: number; upper: number; actual: number }[],
): Accuracy {
  if (!pairs.length) return { points: 0, wape: null, coverage: null };
  const actual = pairs.reduce((n, p) => n + Math.abs(p.actual), 0);
  const wape = actual > 0 ? (pairs.reduce((n, p) => n + Math.abs(p.predicted - p.actual), 0) / actual) * 100 : null;
  const coverage = (pairs.filter((p) => p.actual >= p.lower && p.actual <= p.upper).length / pairs.length) * 100;
  return { points: pairs.length, wape, coverage };
}
