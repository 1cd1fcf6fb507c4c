// Pure: the compact summary of a flushed batch that live views receive (per metric name and
// label set: count, sum, min, max, and for histograms the batch's p50/p95/p99).
import { type Labels, type Point, seriesKey } from './model';
import { binOf, quantilesFromBins } from './sketch';

export const LIVE_CHANNEL = 'metrics:live';
export const MAX_LIVE_SERIES = 500; // a batch with more series sends the busiest ones

export interface LiveSeries {
  name: string;
  labels: Labels;
  count: number;
  sum: number;
  min: number;
  max: number;
  p50?: number;
  p95?: number;
  p99?: number;
}
export interface LiveMessage {
  t: number;
  instance: string;
  series: LiveSeries[];
}

export function liveSummary(points: readonly Point[], instance: string, t = Date.now()): LiveMessage {
  const groups = new Map<string, LiveSeries & { bins?: Map<number, number> }>();
  for (const p of points) {
    const key = seriesKey(p); // memoized on the point, shared by a series' points
    let g = groups.get(key);
    if (!g) {
      g = {
        name: p.name,
        labels: p.labels,
        count: 0,
        sum: 0,
        min: p.value,
        max: p.value,
        bins: p.type === 'histogram' ? new Map() : undefined,
      };
      groups.set(key, g);
    }
    g.count++;
    g.sum += p.value;
    g.min = Math.min(g.min, p.value);
    g.max = Math.max(g.max, p.value);
    if (g.bins) {
      const b = binOf(p.value);
      g.bins.set(b, (g.bins.get(b) ?? 0) + 1);
    }
  }
  const series = [...groups.values()]
    .sort((a, b) => b.count - a.count)
    .slice(0, MAX_LIVE_SERIES)
    .map(({ bins, ...s }) => {
      if (!bins) return s;
      // Within the observed range (a sketch's bin value can sit just past the max it holds).
      const [p50, p95, p99] = quantilesFromBins(bins, [0.5, 0.95, 0.99]).map((v) =>
        v === undefined ? undefined : Math.min(s.max, Math.max(s.min, v)),
      );
      return { ...s, p50, p95, p99 };
    });
  return { t, instance, series };
}
