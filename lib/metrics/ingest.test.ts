import { describe, expect, it } from 'vitest';
import { validateBatch } from './ingest';

const now = Date.UTC(2026, 10, 21, 12);
const oldest = now - 30 * 86_400_000;

describe('validateBatch', () => {
  it('accepts counters, gauges and histograms with labels and timestamps', () => {
    const { points, rejected } = validateBatch(
      [
        { name: 'orders_total', type: 'counter', labels: { shop: 'eu' }, value: 3 },
        { name: 'queue_depth', type: 'gauge', value: 7, timestamp: now - 1_000 },
        { name: 'latency_ms', type: 'histogram', values: [1, 2.5, 40], timestamp: new Date(now - 5_000).toISOString() },
      ],
      now,
      oldest,
    );
    expect(rejected).toEqual([]);
    expect(points).toHaveLength(5);
    expect(points[0]).toEqual({
      name: 'orders_total',
      labels: { shop: 'eu' },
      value: 3,
      ts: now,
      type: 'counter',
      key: '{"shop":"eu"}',
    });
    expect(points[4]).toMatchObject({ type: 'histogram', value: 40, ts: now - 5_000 });
  });

  it.each([
    [{ name: 'x', type: 'gauge', value: 'NaN' }, 'value'],
    [{ name: 'x', type: 'gauge', value: null }, 'value'],
    [{ name: 'x', type: 'summary', value: 1 }, 'type'],
    [{ name: '9bad', type: 'gauge', value: 1 }, 'name'],
    [{ name: 'x', type: 'gauge', value: 1, labels: { 'bad-label': 'v' } }, 'labels'],
    [{ name: 'x', type: 'gauge', value: 1, labels: { ok: 5 } }, 'labels'],
    [{ name: 'x', type: 'gauge' }, 'exactly one of value or values'],
    [{ name: 'x', type: 'gauge', values: [1, 2] }, 'histograms only'],
    [{ name: 'x', type: 'gauge', value: 1, timestamp: now + 3_600_000 }, 'future'],
    [{ name: 'x', type: 'gauge', value: 1, timestamp: now - 40 * 86_400_000 }, 'older than the metrics retention'],
    [{ name: 'x', type: 'gauge', value: 1, timestamp: 'yesterday' }, 'timestamp'],
    [{ name: 'x', type: 'gauge', value: 1, extra: true }, 'extra'],
    ['not an object', 'expected object'],
  ])('rejects %j naming what is wrong', (item, reason) => {
    const { points, rejected } = validateBatch([item], now, oldest);
    expect(points).toEqual([]);
    expect(rejected[0]?.index).toBe(0);
    expect(rejected[0]?.reason).toContain(reason);
  });

  it('keeps the valid items of a mixed batch', () => {
    const { points, rejected } = validateBatch(
      [
        { name: 'a', type: 'gauge', value: 1 },
        { name: 'a', type: 'gauge', value: Number.POSITIVE_INFINITY },
        { name: 'b', type: 'gauge', value: 2 },
      ],
      now,
      oldest,
    );
    expect(points.map((p) => p.name)).toEqual(['a', 'b']);
    expect(rejected.map((r) => r.index)).toEqual([1]);
  });
});
