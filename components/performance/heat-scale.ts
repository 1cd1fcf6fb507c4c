// Pure: the heatmap's colours. A cell with requests is always visibly coloured against the page —
// light or dark — from its lowest count up (a log scale over the counts); an empty cell is not
// drawn at all. (Inferno from 0 started at near-black, which read as a broken cell on both themes.)
import { interpolateBlues, interpolateInferno, scaleLog } from 'd3';

export type ThemeMode = 'light' | 'dark';

/** Where on each palette the lowest and highest counts sit: the low end keeps contrast with the page. */
const RANGES: Record<ThemeMode, { interpolate: (t: number) => string; from: number; to: number }> = {
  light: { interpolate: interpolateBlues, from: 0.45, to: 1 },
  dark: { interpolate: interpolateInferno, from: 0.45, to: 0.98 },
};

/** The colour of a cell with `count` requests, or null for an empty one. */
export function heatColor(maxCount: number, mode: ThemeMode): (count: number) => string | null {
  const r = RANGES[mode];
  const t = scaleLog()
    .domain([1, Math.max(2, maxCount)])
    .range([r.from, r.to])
    .clamp(true);
  return (count) => (count > 0 ? r.interpolate(t(count)) : null);
}
