import { describe, expect, it } from 'vitest';
import { CHUNK_MS, chunkRows, eachChunkPoint, mergeChunkRows } from './chunks';
import type { Point } from './model';

const point = (series: string, ts: number, value: number): Point => ({
  name: 'latency_ms',
  type: 'histogram',
  labels: { route: series },
  ts,
  value,
});
const read = (row: Parameters<typeof eachChunkPoint>[0]) => {
  const out: [number, number][] = [];
  eachChunkPoint(row, (ts, v) => out.push([ts, v]));
  return out;
};

describe('raw point chunks', () => {
  const t0 = 1_700_000_040_000; // a minute's start
  const points = [
    point('/a', t0 + 5, 1.5),
    point('/b', t0 + 7, 2),
    point('/a', t0 + 59_999, 0.1 + 0.2),
    point('/a', t0 + CHUNK_MS, -3e-9), // the next minute
    point('/a', t0 + 10.6, 1e21),
  ];

  it('keeps one row per series and minute, and gives back every point exactly', () => {
    const rows = chunkRows(points);
    expect(rows.map((r) => [r.labels, r.bucket, r.count])).toEqual([
      ['{"route":"/a"}', t0, 3],
      ['{"route":"/a"}', t0 + CHUNK_MS, 1],
      ['{"route":"/b"}', t0, 1],
    ]);
    const back = rows.flatMap(read).sort((a, b) => a[0] - b[0]);
    expect(back).toEqual(
      points.map((p) => [Math.round(p.ts), p.value] as [number, number]).sort((a, b) => a[0] - b[0]),
    );
  });

  it('joins the rows of several writes without losing or pairing wrongly', () => {
    const a = chunkRows(points.slice(0, 2));
    const b = chunkRows(points.slice(2));
    const merged = mergeChunkRows([...a, ...b]);
    expect(merged).toHaveLength(3);
    expect(merged.reduce((n, r) => n + r.count, 0)).toBe(points.length);
    const first = merged.find((r) => r.labels === '{"route":"/a"}' && r.bucket === t0);
    expect(first && read(first)).toEqual([
      [t0 + 5, 1.5],
      [t0 + 59_999, 0.30000000000000004],
      [t0 + 11, 1e21],
    ]);
  });

  it('yields nothing from a damaged row rather than points paired wrongly', () => {
    expect(read({ bucket: t0, offsets: '[1,2', vals: '[1,2]' })).toEqual([]);
    expect(read({ bucket: t0, offsets: '[1,2]', vals: '[1]' })).toEqual([]);
    expect(read({ bucket: BigInt(t0), offsets: '[1,"x"]', vals: '[1,2]' })).toEqual([[t0 + 1, 1]]);
  });
});
