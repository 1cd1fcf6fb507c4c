// Latency distribution over time for heatmaps: histogram bins folded into log-spaced rows per
// time step (counts per cell), from the same sketches as the percentiles.
import type { Db } from '../db';
import { ALL_SERIES, type Labels } from './model';
import { histogramSource, planQuery } from './resolution';
import { groupKeyOf } from './series';
import { eachBin, valueOfBin } from './sketch';

export interface Heatmap {
  stepMs: number;
  fromMs: number;
  toMs: number;
  /** Row lower edges (value units), ascending; the last row is open-ended. */
  rows: number[];
  cells: { t: number; row: number; count: number }[];
  maxCount: number;
}

/** Pure: 1-2.5-5 edges spanning the values seen. */
export function rowEdges(min: number, max: number): number[] {
  const edges: number[] = [];
  for (let decade = 10 ** Math.floor(Math.log10(Math.max(min, 1e-3))); ; decade *= 10) {
    for (const m of [1, 2.5, 5]) {
      edges.push(decade * m);
      if (decade * m > max) return edges; // the first edge past the largest value closes the range
    }
  }
}

export function foldHeatmap(
  rows: readonly { labels: string; t: number; bin: number; count: number }[],
  fromMs: number,
  stepMs: number,
  filter?: Labels,
): Omit<Heatmap, 'toMs'> {
  const values = rows.map((r) => valueOfBin(r.bin)).filter((v) => v > 0);
  const edges = values.length ? rowEdges(Math.min(...values), Math.max(...values)) : [];
  const cells = new Map<string, { t: number; row: number; count: number }>();
  for (const r of rows) {
    if (filter && groupKeyOf(JSON.parse(r.labels) as Labels, [], filter) === null) continue;
    const v = valueOfBin(r.bin);
    let row = 0;
    while (row + 1 < edges.length && v >= (edges[row + 1] as number)) row++;
    const t = fromMs + Math.floor((r.t - fromMs) / stepMs) * stepMs;
    const key = `${t}:${row}`;
    const cell = cells.get(key) ?? { t, row, count: 0 };
    cell.count += r.count;
    cells.set(key, cell);
  }
  const list = [...cells.values()];
  return { stepMs, fromMs, rows: edges, cells: list, maxCount: list.reduce((m, c) => Math.max(m, c.count), 0) };
}

export async function heatmap(db: Db, name: string, fromMs: number, toMs: number, filter?: Labels): Promise<Heatmap> {
  let plan = planQuery(fromMs, toMs);
  if (plan.source === 'raw') plan = { source: '1m', stepMs: 60_000 };
  const { resolution } = histogramSource(plan.source);
  const from = Math.floor(fromMs / plan.stepMs) * plan.stepMs;
  const sketches = await db.metricSketch.findMany({
    // Unfiltered: the pre-merged sketches; filtered by service: the series' own ones.
    where: {
      resolution,
      name,
      bucket: { gte: BigInt(from), lte: BigInt(toMs) },
      labels: filter ? { not: ALL_SERIES } : ALL_SERIES,
    },
    select: { labels: true, bucket: true, bins: true },
  });
  const bins: { labels: string; t: number; bin: number; count: number }[] = [];
  for (const s of sketches) {
    const labels = s.labels === ALL_SERIES ? '{}' : s.labels;
    const t = Number(s.bucket);
    eachBin(s.bins, (bin, count) => bins.push({ labels, t, bin, count }));
  }
  const folded = foldHeatmap(bins, from, plan.stepMs, filter);
  return { ...folded, toMs };
}
