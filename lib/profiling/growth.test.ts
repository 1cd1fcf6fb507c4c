import { describe, expect, it } from 'vitest';
import { heapGrowth, steadyGrowth } from './growth';

const MB = 2 ** 20;
const series = (minutes: number, f: (m: number) => number) =>
  Array.from({ length: minutes * 6 }, (_, i) => ({ t: i * 10_000, v: f(i / 6) }));

describe('heapGrowth', () => {
  it('sees a heap whose lows climb 20 MB an hour under its sawtooth', () => {
    const g = heapGrowth(series(60, (m) => 100 * MB + (m / 60) * 20 * MB + ((m * 6) % 6) * 3 * MB));
    expect(g?.mbPerHour).toBeGreaterThan(15);
    expect(steadyGrowth(g)).toBe(true);
  });

  it('does not call a flat sawtooth or a short run growth', () => {
    expect(steadyGrowth(heapGrowth(series(60, (m) => 100 * MB + ((m * 6) % 6) * 5 * MB)))).toBe(false);
    expect(heapGrowth(series(20, (m) => m * MB))).toBeNull();
  });
});
