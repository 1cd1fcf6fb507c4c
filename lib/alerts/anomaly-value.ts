// The value of an anomaly rule: how far (in σ) the latest window lies from the series' baseline.
import type { Db } from '../db';
import { querySeries } from '../metrics/query';
import { bands, deviation, pickMethod } from './anomaly';
import type { Aggregation } from './schemas';

export async function anomalyValue(
  db: Db,
  rule: { metric: string; filter: Record<string, string>; aggregation: Aggregation; windowMs: number },
  now: number,
): Promise<number | null> {
  const step = Math.max(60_000, rule.windowMs);
  const r = await querySeries(db, {
    name: rule.metric,
    fromMs: now - 8 * 86_400_000,
    toMs: now,
    stepMs: step < 3_600_000 ? step : 3_600_000,
    groupBy: [],
    filter: rule.filter,
  });
  const points = (r.series[0]?.points ?? []).map((p) => ({
    t: p.t,
    value: rule.aggregation === 'max' ? p.max : rule.aggregation === 'min' ? p.min : p.avg,
  }));
  if (points.length < 6) return null;
  const b = bands(points, pickMethod(points));
  const d = deviation(b[b.length - 1]);
  if (d === null) return null;
  return Number.isFinite(d) ? d : 1_000; // a change off a perfectly flat baseline
}
