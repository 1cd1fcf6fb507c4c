// Pure: folds stored histogram bins into per-step and whole-range percentiles per label group.
import type { Labels } from './model';
import { quantilesFromBins } from './sketch';
import { groupKeyOf } from './series';

export interface HistogramStoredRow {
  labels: string;
  t: number;
  bin: number;
  count: number;
}
export type Quantiles = Record<string, number>;

/**
 * Quantiles held within the observed [min, max] of the same window. A sketch answers a bin's
 * representative value, up to its relative accuracy (1%) above the largest value it holds, so
 * without this a p99 can read above the max shown beside it.
 */
export function clampQuantiles(q: Quantiles, min: number, max: number): Quantiles {
  if (!(min <= max)) return q;
  const out: Quantiles = {};
  for (const [k, v] of Object.entries(q)) out[k] = Math.min(max, Math.max(min, v));
  return out;
}

/** 0.95 → "p95", 0.999 → "p99.9" */
export const quantileKey = (q: number) => `p${Math.round(q * 1000) / 10}`;

function toQuantiles(bins: Map<number, number>, qs: readonly number[]): Quantiles {
  const values = quantilesFromBins(bins, qs);
  const out: Quantiles = {};
  qs.forEach((q, i) => {
    const v = values[i];
    if (v !== undefined) out[quantileKey(q)] = v;
  });
  return out;
}

function add(bins: Map<number, number>, bin: number, count: number): void {
  bins.set(bin, (bins.get(bin) ?? 0) + count);
}

export function foldPercentiles(
  rows: readonly HistogramStoredRow[],
  opts: { fromMs: number; stepMs: number; qs: readonly number[]; groupBy?: readonly string[]; filter?: Labels },
): Map<string, { perStep: Map<number, Quantiles>; total: Quantiles }> {
  const groups = new Map<string, { steps: Map<number, Map<number, number>>; all: Map<number, number> }>();
  const keys = new Map<string, string | null>();
  for (const row of rows) {
    let key = keys.get(row.labels);
    if (key === undefined) {
      key = groupKeyOf(JSON.parse(row.labels) as Labels, opts.groupBy, opts.filter);
      keys.set(row.labels, key);
    }
    if (key === null) continue; // filtered out
    let g = groups.get(key);
    if (!g) {
      g = { steps: new Map(), all: new Map() };
      groups.set(key, g);
    }
    const t = opts.fromMs + Math.floor((row.t - opts.fromMs) / opts.stepMs) * opts.stepMs;
    let step = g.steps.get(t);
    if (!step) {
      step = new Map();
      g.steps.set(t, step);
    }
    add(step, row.bin, row.count);
    add(g.all, row.bin, row.count);
  }
  const out = new Map<string, { perStep: Map<number, Quantiles>; total: Quantiles }>();
  for (const [key, g] of groups) {
    const perStep = new Map<number, Quantiles>();
    for (const [t, bins] of g.steps) perStep.set(t, toQuantiles(bins, opts.qs));
    out.set(key, { perStep, total: toQuantiles(g.all, opts.qs) });
  }
  return out;
}
