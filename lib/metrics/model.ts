// Pure: the metric point model, label canonicalization and rollup aggregation.
import { z } from 'zod';
import { binOf } from './sketch';

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
}

export const metricNameSchema = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,127}$/, 'metric names are [a-zA-Z_:][a-zA-Z0-9_:]*, at most 128 characters');
export const labelsSchema = z
  .record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/, 'label names are [a-zA-Z_][a-zA-Z0-9_]*'), z.string().max(256))
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

export const RESOLUTIONS = [60_000, 3_600_000] as const; // 1 minute, 1 hour
export type RollupResolution = (typeof RESOLUTIONS)[number];
/** Histograms also keep whole days, so range totals over long spans read few rows. */
export const HISTOGRAM_RESOLUTIONS = [60_000, 3_600_000, 86_400_000] as const;
/**
 * The labels value of histogram rows merged across every series of a metric: charts of "all
 * services" read these instead of merging thousands of rows per bucket at query time.
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

export interface HistogramRow {
  resolution: number; // seconds
  name: string;
  labels: string;
  bucket: number;
  bin: number;
  count: number;
}

/**
 * Histogram points → one row per (resolution, name, labels, bucket, bin), for the point's own
 * labels and for the merged-across-series row (ALL_SERIES).
 */
export function histogramRows(points: readonly Point[]): HistogramRow[] {
  const rows = new Map<string, HistogramRow>();
  const add = (res: number, name: string, labels: string, bucket: number, bin: number) => {
    const key = `${res}\u0000${name}\u0000${labels}\u0000${bucket}\u0000${bin}`;
    const row = rows.get(key);
    if (row) row.count += 1;
    else rows.set(key, { resolution: res / 1000, name, labels, bucket, bin, count: 1 });
  };
  for (const p of points) {
    if (p.type !== 'histogram') continue;
    const labels = labelsKey(p);
    const bin = binOf(p.value);
    for (const res of HISTOGRAM_RESOLUTIONS) {
      const bucket = Math.floor(p.ts / res) * res;
      add(res, p.name, labels, bucket, bin);
      add(res, p.name, ALL_SERIES, bucket, bin);
    }
  }
  return [...rows.values()];
}

/** Distinct (name, labels) of a batch with their type, for the series registry. */
export function seriesOf(points: readonly Point[]): { name: string; labels: string; type: MetricType }[] {
  const seen = new Map<string, { name: string; labels: string; type: MetricType }>();
  for (const p of points) {
    const labels = labelsKey(p);
    const key = `${p.name}\u0000${labels}`;
    if (!seen.has(key)) seen.set(key, { name: p.name, labels, type: p.type });
  }
  return [...seen.values()];
}

/** Aggregates points into one row per (resolution, name, labels, bucket). */
export function rollup(points: readonly Point[]): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  for (const p of points) {
    const labels = labelsKey(p);
    for (const res of RESOLUTIONS) {
      const bucket = Math.floor(p.ts / res) * res;
      const key = `${res}\u0000${p.name}\u0000${labels}\u0000${bucket}`;
      const row = rows.get(key);
      if (row) {
        row.count += 1;
        row.sum += p.value;
        if (p.value < row.min) row.min = p.value;
        if (p.value > row.max) row.max = p.value;
      } else {
        rows.set(key, { resolution: res / 1000, name: p.name, labels, bucket, count: 1, sum: p.value, min: p.value, max: p.value });
      }
    }
  }
  return [...rows.values()];
}
