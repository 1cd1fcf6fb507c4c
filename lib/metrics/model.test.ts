import { describe, expect, it } from 'vitest';
import {
  ALL_SERIES,
  canonicalLabels,
  mergeRollupRows,
  mergeSketchRows,
  type Point,
  rollup,
  type SketchRow,
  sketchRows,
} from './model';
import { eachBin } from './sketch';
import { planQuery } from './resolution';
import { foldSeries } from './series';

describe('canonicalLabels', () => {
  it('is independent of key order', () => {
    expect(canonicalLabels({ b: '2', a: '1' })).toBe(canonicalLabels({ a: '1', b: '2' }));
  });
});

describe('rollup', () => {
  it('aggregates per resolution and bucket, per series and merged across series', () => {
    const t0 = Date.UTC(2026, 0, 1, 10, 0, 0);
    const rows = rollup([
      { name: 'm', labels: { r: 'a' }, value: 1, ts: t0 + 1_000, type: 'gauge' },
      { name: 'm', labels: { r: 'a' }, value: 5, ts: t0 + 59_000, type: 'gauge' },
      { name: 'm', labels: { r: 'a' }, value: 3, ts: t0 + 61_000, type: 'gauge' },
    ]);
    const own = rows.filter((r) => r.labels !== ALL_SERIES);
    const minute = own.filter((r) => r.resolution === 60).sort((a, b) => a.bucket - b.bucket);
    expect(minute).toHaveLength(2);
    expect(minute[0]).toMatchObject({ bucket: t0, count: 2, sum: 6, min: 1, max: 5 });
    expect(minute[1]).toMatchObject({ bucket: t0 + 60_000, count: 1, sum: 3 });
    const hour = own.filter((r) => r.resolution === 3600);
    expect(hour).toEqual([expect.objectContaining({ bucket: t0, count: 3, sum: 9, min: 1, max: 5 })]);
    expect(own.filter((r) => r.resolution === 86400)).toEqual([
      expect.objectContaining({ bucket: Date.UTC(2026, 0, 1), count: 3 }),
    ]);
    // One series only: the merged rows mirror it.
    const merged = rows.filter((r) => r.labels === ALL_SERIES).map((r) => ({ ...r, labels: own[0]?.labels }));
    expect(merged).toEqual(own);
  });
});

describe('planQuery', () => {
  it.each([
    [15 * 60_000, 'raw'],
    [3_600_000, 'raw'],
    [6 * 3_600_000, '1m'],
    [24 * 3_600_000, '1m'],
    [7 * 86_400_000, '1h'],
    [48 * 3_600_000, '1m'],
    [30 * 86_400_000, '1h'],
  ])('a %d ms range reads %s', (span, source) => {
    expect(planQuery(0, span).source).toBe(source);
  });

  it('keeps the number of steps near the target', () => {
    const { stepMs } = planQuery(0, 7 * 86_400_000);
    expect((7 * 86_400_000) / stepMs).toBeLessThanOrEqual(240);
  });
});

describe('foldSeries', () => {
  const rows = [
    { labels: '{"method":"GET","route":"/a"}', t: 0, count: 2, sum: 10, min: 4, max: 6 },
    { labels: '{"method":"GET","route":"/b"}', t: 500, count: 1, sum: 1, min: 1, max: 1 },
    { labels: '{"method":"POST","route":"/a"}', t: 1_500, count: 1, sum: 8, min: 8, max: 8 },
  ];

  it('merges everything with an empty groupBy', () => {
    const [s] = foldSeries(rows, { fromMs: 0, stepMs: 1_000, groupBy: [] });
    expect(s?.points.map((p) => [p.t, p.count, p.max])).toEqual([
      [0, 3, 6],
      [1_000, 1, 8],
    ]);
    expect(s?.total).toMatchObject({ count: 4, max: 8, min: 1 });
    expect(s?.points[0]?.rate).toBe(3);
  });

  it('groups by the named labels and applies filters', () => {
    const byRoute = foldSeries(rows, { fromMs: 0, stepMs: 1_000, groupBy: ['route'] });
    expect(byRoute.map((s) => s.labels.route).sort()).toEqual(['/a', '/b']);
    const posts = foldSeries(rows, { fromMs: 0, stepMs: 1_000, filter: { method: 'POST' } });
    expect(posts).toHaveLength(1);
    expect(posts[0]?.total.avg).toBe(8);
  });
});

describe('merging the rows of several batches', () => {
  const batch = (k: number): Point[] =>
    Array.from({ length: 300 }, (_, i) => ({
      name: 'm_ms',
      labels: { r: `/r${i % 4}` },
      value: ((i * 37 + k * 11) % 500) / 3,
      ts: 1_700_000_000_000 + ((i * 1_000 + k * 7_000) % 7_200_000),
      type: 'histogram' as const,
    }));
  const sortKey = (r: { resolution: number; name: string; labels: string; bucket: number }) =>
    `${r.resolution}|${r.name}|${r.labels}|${r.bucket}`;
  const sorted = <T extends { resolution: number; name: string; labels: string; bucket: number }>(rows: T[]) =>
    [...rows].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));

  it('gives the same rollups and sketches as one batch of all the points', () => {
    const [a, b, c] = [batch(1), batch(2), batch(3)];
    const all = [...a, ...b, ...c];
    // Sums agree up to the order floating-point additions were made in.
    const rounded = (rows: ReturnType<typeof rollup>) =>
      sorted(rows).map((r) => ({ ...r, sum: Math.round(r.sum * 1e6) }));
    expect(rounded(mergeRollupRows([...rollup(a), ...rollup(b), ...rollup(c)]))).toEqual(rounded(rollup(all)));
    const bins = (rows: SketchRow[]) =>
      sorted(rows).map((r) => {
        const m = new Map<number, number>();
        eachBin(r.bins, (k, n) => m.set(k, n));
        return [sortKey(r), [...m].sort((x, y) => x[0] - y[0])];
      });
    expect(bins(mergeSketchRows([...sketchRows(a), ...sketchRows(b), ...sketchRows(c)]))).toEqual(
      bins(sketchRows(all)),
    );
  });
});
