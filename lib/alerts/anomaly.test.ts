import { describe, expect, it } from 'vitest';
import { bands, deviation, pickMethod } from './anomaly';

const series = (values: number[], stepMs = 60_000) => values.map((value, i) => ({ t: i * stepMs, value }));
const steady = Array.from({ length: 40 }, (_, i) => 100 + (i % 2 ? 2 : -2));

describe('anomaly bands', () => {
  it.each(['rolling', 'ewma'] as const)('%s: a spike lies outside the band, steady noise inside', (method) => {
    const b = bands(series([...steady, 160]), method);
    const last = b[b.length - 1];
    expect(last?.upper).toBeLessThan(160);
    expect(deviation(last)).toBeGreaterThan(3);
    const quiet = b[b.length - 2];
    expect(deviation(quiet)).toBeLessThan(3);
  });

  it('has no band until there is enough history', () => {
    expect(bands(series([1, 2, 3]), 'rolling').every((p) => p.mean === null)).toBe(true);
  });

  it('seasonal: compares with the same time in earlier weeks', () => {
    const hour = 3_600_000;
    const week = 7 * 24;
    // Daily pattern: busy at hour 12 of each day. Two weeks of history, then a normal busy hour and a spike.
    const values = Array.from({ length: 2 * week + 13 }, (_, h) => (h % 24 === 12 ? 500 : 100) + (h % 3));
    const normal = bands(series(values, hour), 'seasonal');
    expect(deviation(normal[normal.length - 1])).toBeLessThan(3); // 500 at noon is expected
    values[values.length - 1] = 1_500;
    const spiked = bands(series(values, hour), 'seasonal');
    expect(deviation(spiked[spiked.length - 1])).toBeGreaterThan(3);
    expect(pickMethod(series(values, hour))).toBe('seasonal');
    expect(pickMethod(series(steady))).toBe('ewma');
  });
});
