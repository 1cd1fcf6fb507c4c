// Pure: a category report as CSV rows (one per series step) or as JSON.
import { type Cell, toCsv } from '../export/csv';
import type { MetricReport } from './service';

const HEADER = ['metric', 'labels', 'time', 'count', 'mean', 'min', 'max', 'p50', 'p95', 'p99'];

export function reportCsv(reports: readonly MetricReport[]): string {
  const rows: Cell[][] = [];
  for (const r of reports) {
    for (const s of r.series.series) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      for (const p of s.points) {
        rows.push([
          r.metric.name,
          labels,
          new Date(p.t).toISOString(),
          p.count,
          p.avg,
          p.min,
          p.max,
          p.quantiles?.p50,
          p.quantiles?.p95,
          p.quantiles?.p99,
        ]);
      }
    }
  }
  return toCsv(HEADER, rows);
}
