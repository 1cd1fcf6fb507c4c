import { describe, expect, it } from 'vitest';
import { rateAt } from './load-shape';

describe('load patterns', () => {
  it('steps up and back down at the given times', () => {
    const p = { kind: 'step', low: 10, high: 100, stepAtMs: 1_000, downAtMs: 5_000 } as const;
    expect([0, 999, 1_000, 4_999, 5_000].map((t) => rateAt(p, t))).toEqual([10, 10, 100, 100, 10]);
  });
  it('follows a daily shape between low and high, quiet at the start of the period', () => {
    const p = { kind: 'daily', low: 20, high: 200, periodMs: 60_000 } as const;
    expect(rateAt(p, 0)).toBe(20);
    const samples = Array.from({ length: 60 }, (_, i) => rateAt(p, i * 1_000));
    expect(Math.max(...samples)).toBeGreaterThan(180);
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(20);
    expect(rateAt(p, 60_000)).toBe(rateAt(p, 0)); // periodic
  });
});
