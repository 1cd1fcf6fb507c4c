// The value an alert rule compares: its metric, filtered, aggregated over the window.
import type { Db } from '../db';
import { querySeries } from '../metrics/query';
import type { Series } from '../metrics/series';
import type { Aggregation } from './schemas';

const QUANTILES: Partial<Record<Aggregation, number>> = { p50: 0.5, p95: 0.95, p99: 0.99 };

/** Pure: the aggregation of one merged series over `windowMs`; null when nothing was measured. */
export function aggregate(series: Series | undefined, aggregation: Aggregation, windowMs: number): number | null {
  if (!series || series.total.count === 0) return null;
  const t = series.total;
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
      return t.sum / (windowMs / 1000); // counters carry increments: per second
    default:
      return t.quantiles?.[aggregation] ?? null;
  }
}

export async function ruleValue(
  db: Db,
  rule: { metric: string; filter: Record<string, string>; aggregation: Aggregation; windowMs: number },
  now: number,
): Promise<number | null> {
  const q = QUANTILES[rule.aggregation];
  const r = await querySeries(db, {
    name: rule.metric,
    fromMs: now - rule.windowMs,
    toMs: now,
    stepMs: rule.windowMs,
    groupBy: [],
    filter: rule.filter,
    quantiles: q === undefined ? undefined : [q],
  });
  return aggregate(r.series[0], rule.aggregation, rule.windowMs);
}
