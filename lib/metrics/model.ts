// Pure: the metric point model, label canonicalization and rollup aggregation.
import { z } from 'zod';
import { BucketTable } from './bucket-table';
import { binOf, eachBin, encodeBins } from './sketch';

export type Labels = Record<string, string>;
export const METRIC_TYPES = ['counter', 'gauge', 'histogram'] as const;
/** counter: increments (rate = sum / time); gauge: a level; histogram: observations with percentiles. */
export type MetricType = (typeof METRIC_TYPES)[number];
export interface Point {
  name: string;
  labels: Labels;
  value: number;
  ts: number; // epoch ms
  type: MetricType;
  /** canonicalLabels(labels), memoized by labelsKey(): it is needed several times per point. */
  key?: string;
  /** seriesKey(), memoized: points of one ingested series share the one string (no copy per point). */
  series?: string;
}

export const metricNameSchema = z
  .string()
  .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,127}$/, 'metric names are [a-zA-Z_:][a-zA-Z0-9_:]*, at most 128 characters');
export const labelsSchema = z
  .record(
    z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/, 'label names are [a-zA-Z_][a-zA-Z0-9_]*'),
    z.string().max(256),
  )
  .refine((l) => Object.keys(l).length <= 16, 'at most 16 labels');

/** Same labels → same string, whatever the key order. */
export function canonicalLabels(labels: Labels): string {
  const sorted: Labels = {};
  for (const k of Object.keys(labels).sort()) sorted[k] = labels[k] as string;
  return JSON.stringify(sorted);
}

export function labelsKey(p: Point): string {
  p.key ??= canonicalLabels(p.labels);
  return p.key;
}

/** `${type}\0${name}\0${canonical labels}`: one series, as a map key. */
export function seriesKey(p: Point): string {
  p.series ??= `${p.type}\u0000${p.name}\u0000${labelsKey(p)}`;
  return p.series;
}

/** Rollup buckets: 1 minute and 1 hour for charts, 1 day for totals over long ranges. */
export const RESOLUTIONS = [60_000, 3_600_000, 86_400_000] as const;
export type RollupResolution = (typeof RESOLUTIONS)[number];
/** Histogram sketches also cover whole days, so range totals over long spans read few rows. */
export const HISTOGRAM_RESOLUTIONS = [60_000, 3_600_000, 86_400_000] as const;
/**
 * The labels value of histogram sketches merged across every series of a metric: charts of "all
 * services" read these instead of merging many sketches per bucket at query time.
 */
export const ALL_SERIES = '*';

export interface RollupRow {
  resolution: number; // seconds, as stored
  name: string;
  labels: string;
  bucket: number; // epoch ms of the bucket start
  count: number;
  sum: number;
  min: number;
  max: number;
}

export interface SketchRow {
  resolution: number; // seconds
  name: string;
  labels: string;
  bucket: number;
  /** encodeBins() of the batch's bin counts; merged into the stored sketch by the upsert */
  bins: string;
}

/**
 * Histogram points → one sketch per (resolution, name, labels, bucket), for the point's own labels
 * and for the merged-across-series sketch (ALL_SERIES).
 */
export function sketchRows(points: readonly Point[]): SketchRow[] {
  const table = new BucketTable<{
    resolution: number;
    name: string;
    labels: string;
    bucket: number;
    bins: Map<number, number>;
  }>();
  for (const p of points) {
    if (p.type !== 'histogram') continue;
    const labels = labelsKey(p);
    const bin = binOf(p.value);
    for (let r = 0; r < HISTOGRAM_RESOLUTIONS.length; r++) {
      const res = HISTOGRAM_RESOLUTIONS[r] as number;
      const bucket = Math.floor(p.ts / res) * res;
      for (const l of [labels, ALL_SERIES]) {
        const row = table.row(p.name, l, bucket + r, () => ({
          resolution: res / 1000,
          name: p.name,
          labels: l,
          bucket,
          bins: new Map(),
        }));
        row.bins.set(bin, (row.bins.get(bin) ?? 0) + 1);
      }
    }
  }
  return table.rows().map((r) => ({ ...r, bins: encodeBins(r.bins) }));
}

/** A series as the registry stores it. */
export interface SeriesRow {
  name: string;
  labels: string;
  type: MetricType;
}

/** Distinct (name, labels) of a batch with their type, for the series registry. */
export function seriesOf(points: readonly Point[]): SeriesRow[] {
  const seen = new Map<string, SeriesRow>();
  for (const p of points) {
    const key = seriesKey(p);
    if (!seen.has(key)) seen.set(key, { name: p.name, labels: labelsKey(p), type: p.type });
  }
  return [...seen.values()];
}

/**
 * Aggregates points into one row per (resolution, name, labels, bucket), for the point's own
 * labels and for the merged-across-series row (ALL_SERIES).
 */
export function rollup(points: readonly Point[]): RollupRow[] {
  const table = new BucketTable<RollupRow>();
  for (const p of points) {
    const labels = labelsKey(p);
    const value = p.value;
    for (let r = 0; r < RESOLUTIONS.length; r++) {
      const res = RESOLUTIONS[r] as number;
      const bucket = Math.floor(p.ts / res) * res;
      for (const l of [labels, ALL_SERIES]) {
        // bucket + r: buckets are whole minutes, so adding the resolution's index keeps keys apart
        const row = table.row(p.name, l, bucket + r, () => ({
          resolution: res / 1000,
          name: p.name,
          labels: l,
          bucket,
          count: 0,
          sum: 0,
          min: value,
          max: value,
        }));
        row.count += 1;
        row.sum += value;
        if (value < row.min) row.min = value;
        if (value > row.max) row.max = value;
      }
    }
  }
  return table.rows();
}

/** (bucket, resolution) as one number: buckets are whole numbers, so ×8 plus 0–2 never collides. */
const bucketKey = (r: { bucket: number; resolution: number }) =>
  r.bucket * 8 + (r.resolution === 60 ? 0 : r.resolution === 3600 ? 1 : 2);

/** Rollup rows of several batches as one row per (resolution, name, labels, bucket): what one upsert needs. */
export function mergeRollupRows(rows: readonly RollupRow[]): RollupRow[] {
  const table = new BucketTable<RollupRow>();
  for (const r of rows) {
    const m = table.row(r.name, r.labels, bucketKey(r), () => ({
      ...r,
      count: 0,
      sum: 0,
      min: Number.POSITIVE_INFINITY,
      max: Number.NEGATIVE_INFINITY,
    }));
    m.count += r.count;
    m.sum += r.sum;
    if (r.min < m.min) m.min = r.min;
    if (r.max > m.max) m.max = r.max;
  }
  return table.rows();
}

/** Sketch rows of several batches as one row per (resolution, name, labels, bucket), bins added. */
export function mergeSketchRows(rows: readonly SketchRow[]): SketchRow[] {
  const table = new BucketTable<{ row: SketchRow; bins: Map<number, number> | null }>();
  for (const r of rows) {
    const m = table.row(r.name, r.labels, bucketKey(r), () => ({
      row: r,
      bins: null,
    }));
    if (m.row === r) continue; // the first: kept as it is unless another joins it
    if (!m.bins) {
      m.bins = new Map();
      const into = m.bins;
      eachBin(m.row.bins, (b, c) => into.set(b, (into.get(b) ?? 0) + c));
    }
    const into = m.bins;
    eachBin(r.bins, (b, c) => into.set(b, (into.get(b) ?? 0) + c));
  }
  return table.rows().map((m) => (m.bins ? { ...m.row, bins: encodeBins(m.bins) } : m.row));
}
