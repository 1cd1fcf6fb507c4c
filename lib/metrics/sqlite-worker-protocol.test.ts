import { describe, expect, it } from 'vitest';
import { labelsKey, type Point } from './model';
import { decodeBatch, encodeBatch } from './sqlite-worker-protocol';

describe('metrics worker batches', () => {
  it('round-trip points through the series table and typed arrays', () => {
    const points: Point[] = [
      { name: 'a_ms', labels: { z: '1', a: 'x' }, value: 1.5, ts: 1_700_000_000_123, type: 'histogram' },
      { name: 'b_total', labels: {}, value: 3, ts: 1_700_000_000_124, type: 'counter' },
      { name: 'a_ms', labels: { a: 'x', z: '1' }, value: -2, ts: 1_700_000_000_125, type: 'histogram' },
    ];
    const msg = encodeBatch(7, points);
    expect(msg.series).toHaveLength(2); // the two a_ms points share one series entry
    const back = decodeBatch(msg);
    expect(back.map((p) => [p.name, labelsKey(p), p.value, p.ts, p.type])).toEqual(
      points.map((p) => [p.name, labelsKey(p), p.value, p.ts, p.type]),
    );
  });
});
