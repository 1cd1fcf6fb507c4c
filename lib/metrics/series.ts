// Pure: folds stored rows (raw points or rollups) into chart series at a fixed step.
import type { Labels } from './model';

export interface Bucket {
  t: number;
  count: number;
  sum: number;
  min: number;
  max: number;
}
export interface SeriesPoint extends Bucket {
  avg: number;
  rate: number; // count per second over the step
  /** p50, p95, p99 … of histogram metrics, when asked for */
  quantiles?: Record<string, number>;
}
export interface Series {
  labels: Labels;
  points: SeriesPoint[];
  total: { count: number; sum: number; avg: number; min: number; max: number; quantiles?: Record<string, number> };
}
export interface StoredRow extends Bucket {
  labels: string; // canonical JSON
}

/** Keeps only the `groupBy` labels (all labels when groupBy is undefined, none when empty). */
function groupLabels(labels: Labels, groupBy: readonly string[] | undefined): Labels {
  if (!groupBy) return labels;
  const out: Labels = {};
  for (const k of groupBy) if (labels[k] !== undefined) out[k] = labels[k];
  return out;
}

function matches(labels: Labels, filter: Labels): boolean {
  return Object.entries(filter).every(([k, v]) => labels[k] === v);
}

/** The group a label set belongs to (JSON of its group labels), or null when the filter excludes it. */
export function groupKeyOf(
  labels: Labels,
  groupBy: readonly string[] | undefined,
  filter: Labels | undefined,
): string | null {
  if (filter && !matches(labels, filter)) return null;
  return JSON.stringify(groupLabels(labels, groupBy));
}

export function foldSeries(
  rows: readonly StoredRow[],
  opts: { fromMs: number; stepMs: number; groupBy?: readonly string[]; filter?: Labels },
): Series[] {
  const groups = new Map<string, { labels: Labels; buckets: Map<number, Bucket> }>();
  const parsed = new Map<string, Labels>();
  for (const row of rows) {
    let labels = parsed.get(row.labels);
    if (!labels) {
      labels = JSON.parse(row.labels) as Labels;
      parsed.set(row.labels, labels);
    }
    if (opts.filter && !matches(labels, opts.filter)) continue;
    const g = groupLabels(labels, opts.groupBy);
    const key = JSON.stringify(g);
    let group = groups.get(key);
    if (!group) {
      group = { labels: g, buckets: new Map() };
      groups.set(key, group);
    }
    const t = opts.fromMs + Math.floor((row.t - opts.fromMs) / opts.stepMs) * opts.stepMs;
    const b = group.buckets.get(t);
    if (b) {
      b.count += row.count;
      b.sum += row.sum;
      b.min = Math.min(b.min, row.min);
      b.max = Math.max(b.max, row.max);
    } else {
      group.buckets.set(t, { t, count: row.count, sum: row.sum, min: row.min, max: row.max });
    }
  }
  const stepSeconds = opts.stepMs / 1000;
  return [...groups.values()].map(({ labels, buckets }) => {
    const points = [...buckets.values()]
      .sort((a, b) => a.t - b.t)
      .map((b) => ({ ...b, avg: b.sum / b.count, rate: b.count / stepSeconds }));
    const count = points.reduce((n, p) => n + p.count, 0);
    const sum = points.reduce((n, p) => n + p.sum, 0);
    return {
      labels,
      points,
      total: {
        count,
        sum,
        avg: count ? sum / count : 0,
        min: points.reduce((m, p) => Math.min(m, p.min), Number.POSITIVE_INFINITY),
        max: points.reduce((m, p) => Math.max(m, p.max), Number.NEGATIVE_INFINITY),
      },
    };
  });
}
