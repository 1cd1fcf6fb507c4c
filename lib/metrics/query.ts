// Reads series from the metrics store through the cheapest table that answers the range.
import type { Db } from '../db';
import { Prisma } from '../db/generated/sqlite/client';
import { ALL_SERIES, type Labels } from './model';
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
  /** Only the range totals are needed (tables, summaries): far fewer rows are read. */
  totalsOnly?: boolean;
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
    rows = await rollupRows(db, {
      resolution: plan.source === '1m' ? 60 : 3600,
      name: q.name,
      fromMs,
      toMs: q.toMs,
      mergeSeries: (q.groupBy?.length ?? 1) === 0 && !q.filter,
      totalsOnly: q.totalsOnly === true,
    });
  }
  const series = foldSeries(rows, { fromMs, stepMs: plan.stepMs, groupBy: q.groupBy, filter: q.filter });
  if (q.quantiles?.length) {
    const { resolution } = histogramSource(plan.source);
    const bins = await histogramBins(db, { resolution, name: q.name, fromMs, toMs: q.toMs, mergeSeries: (q.groupBy?.length ?? 1) === 0 && !q.filter, perStep: q.totalsOnly !== true });
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

/** Rollup rows of a range, summed in SQL when series merge (per bucket) or only totals count. */
async function rollupRows(
  db: Db,
  q: { resolution: number; name: string; fromMs: number; toMs: number; mergeSeries: boolean; totalsOnly: boolean },
): Promise<StoredRow[]> {
  type Row = { labels: string; t: bigint | number; count: bigint | number; sum: number; min: number; max: number };
  const where = Prisma.sql`"resolution" = ${q.resolution} AND "name" = ${q.name} AND "bucket" >= ${BigInt(q.fromMs)} AND "bucket" <= ${BigInt(q.toMs)}`;
  const agg = Prisma.sql`SUM("count") AS "count", SUM("sum") AS "sum", MIN("min") AS "min", MAX("max") AS "max"`;
  let rows: Row[];
  if (q.totalsOnly && q.mergeSeries) rows = await db.$queryRaw<Row[]>`SELECT '{}' AS "labels", ${BigInt(q.fromMs)} AS "t", ${agg} FROM "MetricRollup" WHERE ${where}`;
  else if (q.totalsOnly) rows = await db.$queryRaw<Row[]>`SELECT "labels", ${BigInt(q.fromMs)} AS "t", ${agg} FROM "MetricRollup" WHERE ${where} GROUP BY "labels"`;
  else if (q.mergeSeries) rows = await db.$queryRaw<Row[]>`SELECT '{}' AS "labels", "bucket" AS "t", ${agg} FROM "MetricRollup" WHERE ${where} GROUP BY "bucket"`;
  else rows = await db.$queryRaw<Row[]>`SELECT "labels", "bucket" AS "t", "count", "sum", "min", "max" FROM "MetricRollup" WHERE ${where}`;
  return rows
    .filter((r) => r.count !== null && Number(r.count) > 0) // SUM over no rows is one row of NULLs
    .map((r) => ({ labels: r.labels, t: Number(r.t), count: Number(r.count), sum: Number(r.sum), min: Number(r.min), max: Number(r.max) }));
}

/**
 * Histogram bins of a range, merged as far as the caller allows. Merged across series: the
 * pre-merged ALL_SERIES rows (one index range). Totals of a range: whole days inside it from the
 * daily rows, the edges from hourly (or minute) rows, so the result is exact.
 */
async function histogramBins(
  db: Db,
  q: { resolution: number; name: string; fromMs: number; toMs: number; mergeSeries: boolean; perStep: boolean },
): Promise<{ labels: string; t: number; bin: number; count: number }[]> {
  type Row = { labels: string; t: bigint | number; bin: number; count: bigint | number };
  const labelsCond = q.mergeSeries ? Prisma.sql`"labels" = ${ALL_SERIES}` : Prisma.sql`"labels" <> ${ALL_SERIES}`;
  const range = (res: number, from: number, to: number) =>
    Prisma.sql`"resolution" = ${res} AND "name" = ${q.name} AND ${labelsCond} AND "bucket" >= ${BigInt(from)} AND "bucket" <= ${BigInt(to)}`;
  const labelsCol = q.mergeSeries ? Prisma.sql`'{}'` : Prisma.sql`"labels"`;
  let rows: Row[];
  if (q.perStep) {
    rows = await db.$queryRaw<Row[]>`SELECT ${labelsCol} AS "labels", "bucket" AS "t", "bin", "count" FROM "MetricHistogram" WHERE ${range(q.resolution, q.fromMs, q.toMs)}`;
  } else {
    const DAY = 86_400_000;
    const unit = q.resolution * 1000;
    const dayFrom = Math.ceil(q.fromMs / DAY) * DAY;
    const dayTo = Math.floor(q.toMs / DAY) * DAY; // days [dayFrom, dayTo) lie wholly inside
    const parts =
      dayTo - dayFrom >= DAY && unit < DAY
        ? Prisma.sql`(${range(86_400, dayFrom, dayTo - DAY)}) OR (${range(q.resolution, q.fromMs, dayFrom - unit)}) OR (${range(q.resolution, dayTo, q.toMs)})`
        : range(q.resolution, q.fromMs, q.toMs);
    const groupCols = q.mergeSeries ? Prisma.sql`"bin"` : Prisma.sql`"labels", "bin"`; // PostgreSQL refuses GROUP BY '{}'
    rows = await db.$queryRaw<Row[]>`SELECT ${labelsCol} AS "labels", ${BigInt(q.fromMs)} AS "t", "bin", SUM("count") AS "count" FROM "MetricHistogram" WHERE ${parts} GROUP BY ${groupCols}`;
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
  const [points, minutes, hours, hMinutes, hHours, hDays, series] = await db.$transaction([
    db.metricPoint.deleteMany({ where: { ts: { lt: BigInt(cutoffMs) } } }),
    db.metricRollup.deleteMany({ where: { resolution: 60, bucket: { lte: BigInt(cutoffMs - 60_000) } } }),
    db.metricRollup.deleteMany({ where: { resolution: 3600, bucket: { lte: BigInt(cutoffMs - 3_600_000) } } }),
    db.metricHistogram.deleteMany({ where: { resolution: 60, bucket: { lte: BigInt(cutoffMs - 60_000) } } }),
    db.metricHistogram.deleteMany({ where: { resolution: 3600, bucket: { lte: BigInt(cutoffMs - 3_600_000) } } }),
    db.metricHistogram.deleteMany({ where: { resolution: 86400, bucket: { lte: BigInt(cutoffMs - 86_400_000) } } }),
    db.metricSeries.deleteMany({ where: { lastSeenAt: { lt: BigInt(cutoffMs) } } }),
  ]);
  return { points: points.count, rollups: minutes.count + hours.count + hMinutes.count + hHours.count + hDays.count, series: series.count };
}
