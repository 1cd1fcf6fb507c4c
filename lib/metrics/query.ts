// Reads series from the metrics store through the cheapest table that answers the range.
import type { Db } from '../db';
import { Prisma } from '../db/generated/sqlite/client';
import { CHUNK_MS, eachChunkPoint } from './chunks';
import { ALL_SERIES, HISTOGRAM_RESOLUTIONS, type Labels, RESOLUTIONS } from './model';
import { clampQuantiles, foldPercentiles, type HistogramStoredRow } from './percentiles';
import { coveringBuckets } from './coverage';
import { MAX_FUTURE_MS } from './ingest';
import { eachBin } from './sketch';
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
  // Percentiles come from histogram sketches, kept per minute, hour and day: no finer steps then.
  if (q.quantiles?.length && plan.source === 'raw') plan = { source: '1m', stepMs: 60_000 };
  // Align the start to the step so buckets line up with the rollup buckets.
  const fromMs = Math.floor(q.fromMs / plan.stepMs) * plan.stepMs;
  let rows: StoredRow[];
  if (plan.source === 'raw') {
    // The chunks of every minute the range touches; their points outside it are left out.
    const chunks = await db.metricChunk.findMany({
      where: { name: q.name, bucket: { gte: BigInt(fromMs - CHUNK_MS + 1), lte: BigInt(q.toMs) } },
      select: { labels: true, bucket: true, offsets: true, vals: true },
    });
    rows = [];
    for (const c of chunks)
      eachChunkPoint(c, (t, value) => {
        if (t >= fromMs && t <= q.toMs)
          rows.push({ labels: c.labels, t, count: 1, sum: value, min: value, max: value });
      });
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
    const bins = await histogramBins(db, {
      resolution,
      name: q.name,
      fromMs,
      toMs: q.toMs,
      mergeSeries: (q.groupBy?.length ?? 1) === 0 && !q.filter,
      totalsOnly: q.totalsOnly === true,
    });
    const folded = foldPercentiles(bins, {
      fromMs,
      stepMs: plan.stepMs,
      qs: q.quantiles,
      groupBy: q.groupBy,
      filter: q.filter,
    });
    for (const s of series) {
      const p = folded.get(JSON.stringify(s.labels));
      if (!p) continue;
      s.total.quantiles = clampQuantiles(p.total, s.total.min, s.total.max);
      for (const point of s.points) {
        const q = p.perStep.get(point.t);
        point.quantiles = q && clampQuantiles(q, point.min, point.max);
      }
    }
  }
  return { name: q.name, source: plan.source, stepMs: plan.stepMs, fromMs, toMs: q.toMs, series };
}

/**
 * Which stored buckets a query reads: per step, the buckets of its resolution; for range totals,
 * the coarsest buckets that add up to exactly the range (coverage.ts). Merged across series: the
 * pre-merged ALL_SERIES rows (one index range); otherwise every series' own rows.
 */
function bucketWhere(q: {
  resolution: number;
  name: string;
  fromMs: number;
  toMs: number;
  mergeSeries: boolean;
  totalsOnly: boolean;
}): Prisma.Sql {
  const labelsCond = q.mergeSeries ? Prisma.sql`"labels" = ${ALL_SERIES}` : Prisma.sql`"labels" <> ${ALL_SERIES}`;
  const ranges = q.totalsOnly
    ? coveringBuckets(q.fromMs, q.toMs, q.resolution * 1000)
    : [{ resolution: q.resolution, from: q.fromMs, to: q.toMs }];
  const parts = ranges.map(
    (r) =>
      Prisma.sql`("resolution" = ${r.resolution} AND "bucket" >= ${BigInt(r.from)} AND "bucket" <= ${BigInt(r.to)})`,
  );
  return Prisma.sql`"name" = ${q.name} AND ${labelsCond} AND (${parts.length ? Prisma.join(parts, ' OR ') : Prisma.sql`1 = 0`})`;
}

/** Rollup rows of a range; range totals are summed in SQL. */
async function rollupRows(
  db: Db,
  q: { resolution: number; name: string; fromMs: number; toMs: number; mergeSeries: boolean; totalsOnly: boolean },
): Promise<StoredRow[]> {
  type Row = { labels: string; t: bigint | number; count: bigint | number; sum: number; min: number; max: number };
  const where = bucketWhere(q);
  const agg = Prisma.sql`SUM("count") AS "count", SUM("sum") AS "sum", MIN("min") AS "min", MAX("max") AS "max"`;
  const labelsCol = q.mergeSeries ? Prisma.sql`'{}'` : Prisma.sql`"labels"`;
  const rows = q.totalsOnly
    ? await db.$queryRaw<
        Row[]
      >`SELECT ${labelsCol} AS "labels", ${BigInt(q.fromMs)} AS "t", ${agg} FROM "MetricRollup" WHERE ${where} GROUP BY "labels"`
    : await db.$queryRaw<
        Row[]
      >`SELECT ${labelsCol} AS "labels", "bucket" AS "t", "count", "sum", "min", "max" FROM "MetricRollup" WHERE ${where}`;
  return rows
    .filter((r) => r.count !== null && Number(r.count) > 0)
    .map((r) => ({
      labels: r.labels,
      t: Number(r.t),
      count: Number(r.count),
      sum: Number(r.sum),
      min: Number(r.min),
      max: Number(r.max),
    }));
}

/** Histogram bins of a range from the stored sketches (same buckets as rollupRows reads). */
async function histogramBins(
  db: Db,
  q: { resolution: number; name: string; fromMs: number; toMs: number; mergeSeries: boolean; totalsOnly: boolean },
): Promise<HistogramStoredRow[]> {
  type Row = { labels: string; bucket: bigint | number; bins: string };
  const rows = await db.$queryRaw<Row[]>`SELECT "labels", "bucket", "bins" FROM "MetricSketch" WHERE ${bucketWhere(q)}`;
  const out: HistogramStoredRow[] = [];
  if (!q.totalsOnly) {
    for (const r of rows) {
      const labels = q.mergeSeries ? '{}' : r.labels;
      const t = Number(r.bucket);
      eachBin(r.bins, (bin, count) => out.push({ labels, t, bin, count }));
    }
    return out;
  }
  // Totals: merge per label set here, so the fold sees one row per (labels, bin).
  const merged = new Map<string, Map<number, number>>();
  for (const r of rows) {
    const labels = q.mergeSeries ? '{}' : r.labels;
    let bins = merged.get(labels);
    if (!bins) {
      bins = new Map();
      merged.set(labels, bins);
    }
    const into = bins;
    eachBin(r.bins, (bin, count) => into.set(bin, (into.get(bin) ?? 0) + count));
  }
  for (const [labels, bins] of merged) for (const [bin, count] of bins) out.push({ labels, t: q.fromMs, bin, count });
  return out;
}

/** Metric names present in the range, with how many points each has (from the 1-hour rollup). */
export async function listMetricNames(db: Db, sinceMs: number): Promise<{ name: string; count: number }[]> {
  const rows = await db.metricRollup.groupBy({
    by: ['name'],
    where: {
      resolution: 3600,
      labels: { not: ALL_SERIES },
      bucket: { gte: BigInt(Math.floor(sinceMs / 3_600_000) * 3_600_000) },
    },
    _sum: { count: true },
    orderBy: { name: 'asc' },
  });
  return rows.map((r) => ({ name: r.name, count: r._sum.count ?? 0 }));
}

/** Deletes points older than the cutoff and rollup buckets that end before it; returns the counts. */
export async function purgeMetricsBefore(
  db: Db,
  cutoffMs: number,
): Promise<{ points: number; rollups: number; series: number }> {
  // Per resolution: buckets that end before the cutoff, in the rollups and the sketches alike.
  const ended = (resolution: number) => ({ resolution, bucket: { lte: BigInt(cutoffMs - resolution * 1000) } });
  // Raw chunks by name through the (name, bucket) index, once their whole minute is before the
  // cutoff. A series is forgotten only once its last write is older than the cutoff by the 5
  // minutes a timestamp may lie ahead, so no point of it can outlive the name list.
  const names = (await db.metricSeries.findMany({ distinct: ['name'], select: { name: true } })).map((s) => s.name);
  const expired = { name: { in: names }, bucket: { lte: BigInt(cutoffMs - CHUNK_MS) } };
  const [gone, , series, ...buckets] = await db.$transaction([
    db.metricChunk.aggregate({ where: expired, _sum: { count: true } }),
    db.metricChunk.deleteMany({ where: expired }),
    db.metricSeries.deleteMany({ where: { lastSeenAt: { lt: BigInt(cutoffMs - MAX_FUTURE_MS) } } }),
    ...RESOLUTIONS.map((r) => db.metricRollup.deleteMany({ where: ended(r / 1000) })),
    ...HISTOGRAM_RESOLUTIONS.map((r) => db.metricSketch.deleteMany({ where: ended(r / 1000) })),
  ]);
  return { points: gone._sum.count ?? 0, rollups: buckets.reduce((n, b) => n + b.count, 0), series: series.count };
}
