// Pure: what one write of metric points puts in the store — series to register, raw chunks to
// insert, rollup and sketch rows to upsert — and several writes' rows as one transaction's.
import { type ChunkRow, chunkRows, mergeChunkRows } from './chunks';
import {
  mergeRollupRows,
  mergeSketchRows,
  type Point,
  type RollupRow,
  rollup,
  type SeriesRow,
  type SketchRow,
  seriesOf,
  sketchRows,
} from './model';

export interface MetricRows {
  series: SeriesRow[];
  chunks: ChunkRow[];
  rollups: RollupRow[];
  sketches: SketchRow[];
}

export const NO_METRIC_ROWS: MetricRows = { series: [], chunks: [], rollups: [], sketches: [] };

export function metricRows(points: readonly Point[]): MetricRows {
  return { series: seriesOf(points), chunks: chunkRows(points), rollups: rollup(points), sketches: sketchRows(points) };
}

/** The points the rows hold. */
export const pointCount = (rows: MetricRows) => rows.chunks.reduce((n, c) => n + c.count, 0);

/** Several writes' rows as one: a row per key, so one statement per row in the transaction. */
export function mergeMetricRows(all: readonly MetricRows[]): MetricRows {
  if (all.length === 1) return all[0] as MetricRows;
  const series = new Map<string, SeriesRow>();
  for (const rows of all)
    for (const s of rows.series) {
      const key = `${s.name}\u0000${s.labels}`;
      if (!series.has(key)) series.set(key, s); // the first type wins, as in the registry
    }
  return {
    series: [...series.values()],
    chunks: mergeChunkRows(all.flatMap((r) => r.chunks)),
    rollups: mergeRollupRows(all.flatMap((r) => r.rollups)),
    sketches: mergeSketchRows(all.flatMap((r) => r.sketches)),
  };
}
