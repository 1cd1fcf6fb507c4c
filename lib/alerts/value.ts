// The value an alert rule compares: its metric, filtered, aggregated over the window.
import type { Db } from '../db';
import { querySeries } from '../metrics/query';
import type { SeriesPoint } from '../metrics/series';
import type { Aggregation } from './schemas';

const QUANTILES: Partial<Record<Aggregation, number>> = { p50: 0.5, p95: 0.95, p99: 0.99 };

/** The quantile an aggregation needs from the histogram bins, if any. */
export const quantileOf = (aggregation: Aggregation): number | undefined => QUANTILES[aggregation];

type Stats = Pick<SeriesPoint, 'count' | 'sum' | 'min' | 'max' | 'avg' | 'quantiles'>;

/**
 * Pure: an aggregation of measured figures over `spanMs` — a series' range total or one step of
 * it; null when nothing was measured.
 */
export function aggregate(t: Stats | undefined, aggregation: Aggregation, spanMs: number): number | null {
  if (!t || t.count === 0) return null;
  switch (aggregation) {
    case 'avg':
      return t.avg;
    case 'min':
      return t.min;
    case 'max':
      return t.max;
    case 'sum':
      return t.sum;
    case 'count':
      return t.count;
    case 'rate':
      return t.sum / (spanMs / 1000); // counters carry increments: per second
    default:
      return t.quantiles?.[aggregation] ?? null;
  }
}

export async function ruleValue(
  db: Db,
  rule: { metric: string; filter: Record<string, string>; aggregation: Aggregation; windowMs: number },
  now: number,
): Promise<number | null> {
  const q = quantileOf(rule.aggregation);
  const r = await querySeries(db, {
    name: rule.metric,
    fromMs: now - rule.windowMs,
    toMs: now,
    stepMs: rule.windowMs,
    groupBy: [],
    filter: rule.filter,
    quantiles: q === undefined ? undefined : [q],
  });
  return aggregate(r.series[0]?.total, rule.aggregation, rule.windowMs);
}
