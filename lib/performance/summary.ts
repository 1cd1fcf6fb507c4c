// Per-group figures over a range: count, rate, error rate, mean, p50/p95/p99, max.
import type { Db } from '../db';
import type { Labels } from '../metrics/model';
import { querySeries } from '../metrics/query';
import { isErrorStatus } from './categories';

export interface SummaryRow {
  labels: Labels;
  count: number;
  ratePerSec: number;
  errorRate: number | null; // null when the metric has no status label
  mean: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number;
}

export async function summarize(
  db: Db,
  name: string,
  fromMs: number,
  toMs: number,
  groupBy: string[],
): Promise<SummaryRow[]> {
  const [byGroup, byStatus] = await Promise.all([
    querySeries(db, { name, fromMs, toMs, groupBy, quantiles: [0.5, 0.95, 0.99], totalsOnly: true }),
    querySeries(db, { name, fromMs, toMs, groupBy: [...groupBy, 'status'], totalsOnly: true }),
  ]);
  const errors = new Map<string, { total: number; errors: number; hasStatus: boolean }>();
  for (const s of byStatus.series) {
    const key = JSON.stringify(
      Object.fromEntries(groupBy.filter((k) => s.labels[k] !== undefined).map((k) => [k, s.labels[k]])),
    );
    const e = errors.get(key) ?? { total: 0, errors: 0, hasStatus: false };
    e.total += s.total.count;
    if (s.labels.status !== undefined) e.hasStatus = true;
    if (isErrorStatus(s.labels.status)) e.errors += s.total.count;
    errors.set(key, e);
  }
  const seconds = Math.max(1, (toMs - fromMs) / 1000);
  return byGroup.series
    .map((s) => {
      const e = errors.get(JSON.stringify(s.labels));
      return {
        labels: s.labels,
        count: s.total.count,
        ratePerSec: s.total.count / seconds,
        errorRate: e?.hasStatus && e.total ? e.errors / e.total : null,
        mean: s.total.avg,
        p50: s.total.quantiles?.p50 ?? null,
        p95: s.total.quantiles?.p95 ?? null,
        p99: s.total.quantiles?.p99 ?? null,
        max: s.total.max,
      };
    })
    .sort((a, b) => b.count - a.count);
}
