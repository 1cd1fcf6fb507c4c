// Pure: scraped samples → Redline points. Cumulative values (counters, histogram buckets, _sum,
// _count) become increments since the previous scrape (a drop means the process restarted: the
// new value is the increment); the first scrape of a series only sets its baseline.
import { canonicalLabels, type Point } from '../metrics/model';
import type { Sample } from './prom-text';

const CUMULATIVE_SUFFIXES = ['_bucket', '_count', '_sum', '_total'];

export function isCumulative(s: Sample): boolean {
  if (s.type === 'counter') return true;
  if (s.type === 'histogram' || s.type === 'summary') return CUMULATIVE_SUFFIXES.some((x) => s.name.endsWith(x));
  return false;
}

export function toPoints(
  samples: readonly Sample[],
  previous: ReadonlyMap<string, number>,
  targetLabels: Record<string, string>,
  now: number,
): { points: Point[]; next: Map<string, number> } {
  const points: Point[] = [];
  const next = new Map<string, number>();
  for (const s of samples) {
    if (!Number.isFinite(s.value) && !(s.labels.le === '+Inf')) continue;
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(s.labels)) labels[k] = v.slice(0, 256);
    Object.assign(labels, targetLabels); // the target's labels win: a scraped service cannot pose as another
    const ts = s.timestampMs ?? now;
    if (isCumulative(s)) {
      const key = `${s.name}${canonicalLabels(labels)}`;
      next.set(key, s.value);
      const prev = previous.get(key);
      if (prev === undefined) continue;
      const increment = s.value >= prev ? s.value - prev : s.value;
      if (increment > 0) points.push({ name: s.name, labels, value: increment, ts, type: 'counter' });
    } else if (Number.isFinite(s.value)) {
      points.push({ name: s.name, labels, value: s.value, ts, type: 'gauge' });
    }
  }
  return { points, next };
}
