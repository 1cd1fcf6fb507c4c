import { describe, expect, it } from 'vitest';
import { foldHeatmap, rowEdges } from './heatmap';
import { binOf } from './sketch';

describe('heatmap', () => {
  it('spans the values with 1-2.5-5 rows', () => {
    expect(rowEdges(3, 400)).toEqual([1, 2.5, 5, 10, 25, 50, 100, 250, 500]);
  });
  it('counts observations per step and row', () => {
    const rows = [
      { labels: '{}', t: 0, bin: binOf(3), count: 4 },
      { labels: '{}', t: 30_000, bin: binOf(3.2), count: 1 },
      { labels: '{}', t: 60_000, bin: binOf(300), count: 2 },
    ];
    const h = foldHeatmap(rows, 0, 60_000);
    expect(h.cells).toEqual([
      { t: 0, row: 1, count: 5 },
      { t: 60_000, row: h.rows.indexOf(250), count: 2 },
    ]);
    expect(h.maxCount).toBe(5);
  });
});
