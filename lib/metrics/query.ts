// Reads series from the metrics store through the cheapest table that answers the range.
import type { Db } from '../db';
import { Prisma } from '../db/generated/sqlite/client';
import type { Labels } from './model';
import { foldPercentiles } from './percentiles';
import { histogramSource, planQuery, type Source } from './resolution';
import { foldSeries, type Series, type StoredRow } from './series';

export interface SeriesQuery {
  name: string;
  fromMs: number;
  toMs: number;
  stepMs?: number;
  groupBy?: string[];
  filter?: Labels;
  /** Quantiles (0..1) to compute from histogram bins, e.g. [0.5, 0.95, 0.99]. */
  quantiles?: number[];
  /** false: percentiles of the whole range only (series totals), which reads far fewer rows. */
  stepQuantiles?: boolean;
}
export interface SeriesResult {
  name: string;
  source: Source;
  stepMs: number;
  fromMs: number;
  toMs: number;
  series: Series[];
}

export async function querySeries(db: Db, q: SeriesQuery): Promise<SeriesResult> {
  let plan = planQuery(q.fromMs, q.toMs, q.stepMs);
  // Percentiles come from histogram bins, kept per minute and per hour: no finer steps then.
  if (q.quantiles?.length && plan.source === 'raw') plan = { source: '1m', stepMs: 60_000 };
  // Align the start to the step so buckets line up with the rollup buckets.
  const fromMs = Math.floor(q.fromMs / plan.stepMs) * plan.stepMs;
  let rows: StoredRow[];
  if (plan.source === 'raw') {
    const raw = await db.metricPoint.findMany({
      where: { name: q.name, ts: { gte: BigInt(fromMs), lte: BigInt(q.toMs) } },
      select: { labels: true, ts: true, value: true },
    });
    rows = raw.map((r) => ({ labels: r.labels, t: Number(r.ts), count: 1, sum: r.value, min: r.value, max: r.value }));
  } else {
    const stored = await db.metricRollup.findMany({
      where: { resolution: plan.source === '1m' ? 60 : 3600, name: q.name, bucket: { gte: BigInt(fromMs), lte: BigInt(q.toMs) } },
      select: { labels: true, bucket: true, count: true, sum: true, min: true, max: true },
    });
    rows = stored.map((r) => ({ labels: r.labels, t: Number(r.bucket), count: r.count, sum: r.sum, min: r.min, max: r.max }));
  }
  const series = foldSeries(rows, { fromMs, stepMs: plan.stepMs, groupBy: q.groupBy, filter: q.filter });
  if (q.quantiles?.length) {
    const { resolution } = histogramSource(plan.source);
    const bins = await histogramBins(db, { resolution, name: q.name, fromMs, toMs: q.toMs, mergeSeries: (q.groupBy?.length ?? 1) === 0 && !q.filter, perStep: q.stepQuantiles !== false });
    const folded = foldPercentiles(bins, { fromMs, stepMs: plan.stepMs, qs: q.quantiles, groupBy: q.groupBy, filter: q.filter });
    for (const s of series) {
      const p = folded.get(JSON.stringify(s.labels));
      if (!p) continue;
      s.total.quantiles = p.total;
      for (const point of s.points) point.quantiles = p.perStep.get(point.t);
    }
  }
  return { name: q.name, source: plan.source, stepMs: plan.stepMs, fromMs, toMs: q.toMs, series };
}

/**
 * Histogram bins of a range, merged in SQL as far as the caller allows: across series when they
 * are all merged anyway, across time when only range totals are wanted. A 7-day range of 50
 * series holds ~10^6 bin rows; the merged reads return a few thousand.
 */
async function histogramBins(
  db: Db,
  q: { resolution: number; name: string; fromMs: number; toMs: number; mergeSeries: boolean; perStep: boolean },
): Promise<{ labels: string; t: number; bin: number; count: number }[]> {
  const where = Prisma.sql`"resolution" = ${q.resolution} AND "name" = ${q.name} AND "bucket" >= ${BigInt(q.fromMs)} AND "bucket" <= ${BigInt(q.toMs)}`;
  type Row = { labels: string; t: bigint | number; bin: number; count: bigint | number };
  let rows: Row[];
  if (q.mergeSeries && q.perStep) {
    rows = await db.$queryRaw<Row[]>`SELECT '{}' AS "labels", "bucket" AS "t", "bin", SUM("count") AS "count" FROM "MetricHistogram" WHERE ${where} GROUP BY "bucket", "bin"`;
  } else if (q.mergeSeries) {
    rows = await db.$queryRaw<Row[]>`SELECT '{}' AS "labels", ${BigInt(q.fromMs)} AS "t", "bin", SUM("count") AS "count" FROM "MetricHistogram" WHERE ${where} GROUP BY "bin"`;
  } else if (!q.perStep) {
    rows = await db.$queryRaw<Row[]>`SELECT "labels", ${BigInt(q.fromMs)} AS "t", "bin", SUM("count") AS "count" FROM "MetricHistogram" WHERE ${where} GROUP BY "labels", "bin"`;
  } else {
    rows = await db.$queryRaw<Row[]>`SELECT "labels", "bucket" AS "t", "bin", "count" FROM "MetricHistogram" WHERE ${where}`;
  }
  return rows.map((r) => ({ labels: r.labels, t: Number(r.t), bin: Number(r.bin), count: Number(r.count) }));
}

/** Metric names present in the range, with how many points each has (from the 1-hour rollup). */
export async function listMetricNames(db: Db, sinceMs: number): Promise<{ name: string; count: number }[]> {
  const rows = await db.metricRollup.groupBy({
    by: ['name'],
    where: { resolution: 3600, bucket: { gte: BigInt(Math.floor(sinceMs / 3_600_000) * 3_600_000) } },
    _sum: { count: true },
    orderBy: { name: 'asc' },
  });
  return rows.map((r) => ({ name: r.name, count: r._sum.count ?? 0 }));
}

/** Deletes points older than the cutoff and rollup buckets that end before it; returns the counts. */
export async function purgeMetricsBefore(db: Db, cutoffMs: number): Promise<{ points: number; rollups: number; series: number }> {
  const [points, minutes, hours, hMinutes, hHours, series] = await db.$transaction([
    db.metricPoint.deleteMany({ where: { ts: { lt: BigInt(cutoffMs) } } }),
    db.metricRollup.deleteMany({ where: { resolution: 60, bucket: { lte: BigInt(cutoffMs - 60_000) } } }),
    db.metricRollup.deleteMany({ where: { resolution: 3600, bucket: { lte: BigInt(cutoffMs - 3_600_000) } } }),
    db.metricHistogram.deleteMany({ where: { resolution: 60, bucket: { lte: BigInt(cutoffMs - 60_000) } } }),
    db.metricHistogram.deleteMany({ where: { resolution: 3600, bucket: { lte: BigInt(cutoffMs - 3_600_000) } } }),
    db.metricSeries.deleteMany({ where: { lastSeenAt: { lt: BigInt(cutoffMs) } } }),
  ]);
  return { points: points.count, rollups: minutes.count + hours.count + hMinutes.count + hHours.count, series: series.count };
}
