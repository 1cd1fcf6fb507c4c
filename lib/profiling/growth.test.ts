import { describe, expect, it } from 'vitest';
import { describeGrowth, heapGrowth, robustTrend, steadyGrowth } from './growth';

const MB = 2 ** 20;
/** One reading every 10 s for `minutes`. */
const series = (minutes: number, f: (m: number) => number) =>
  Array.from({ length: minutes * 6 }, (_, i) => ({ t: i * 10_000, v: f(i / 6) }));

describe('heapGrowth', () => {
  it('sees a heap whose lows climb 20 MB an hour under its sawtooth', () => {
    const g = heapGrowth(series(120, (m) => 100 * MB + (m / 60) * 20 * MB + ((m * 6) % 6) * 3 * MB));
    expect(g.verdict).toBe('growing');
    expect(g.mbPerHour).toBeGreaterThan(15);
    expect(g.mbPerHour).toBeLessThan(25);
    expect(steadyGrowth(g)).toBe(true);
    expect(describeGrowth(g, 'redline')).toMatch(
      /heap used after garbage collection .* grows steadily: 2\d\.\d MB an hour over 1\.\d h/,
    );
  });

  it('does not call a flat sawtooth growth', () => {
    expect(heapGrowth(series(120, (m) => 100 * MB + ((m * 6) % 6) * 5 * MB)).verdict).toBe('steady');
  });

  it('gives no verdict from 15 minutes, whatever the heap did in them (the 4 GiB/h "leak")', () => {
    // A heap snapshot doubled the heap 14 minutes after start.
    const g = heapGrowth(series(15, (m) => (m < 14 ? 120 * MB : 1_100 * MB)));
    expect(g.verdict).toBe('not-enough-data');
    expect(g.mbPerHour).toBeNull();
    expect(describeGrowth(g, 'redline')).toMatch(
      /^Not enough data to judge redline's heap growth: an hour of readings/,
    );
  });

  it('is not moved by one spike in an otherwise flat hour', () => {
    const g = heapGrowth(series(90, (m) => (m > 60 && m < 66 ? 900 * MB : 100 * MB)));
    expect(g.verdict).toBe('steady');
    expect(Math.abs(g.mbPerHour ?? 1)).toBeLessThan(1);
  });
});

describe('robustTrend', () => {
  it('is the median pairwise slope, and τ counts agreeing pairs', () => {
    expect(robustTrend([0, 1, 2, 3, 4], [0, 1, 2, 3, 100])).toEqual({ slope: 1, tau: 1 });
    expect(robustTrend([0, 1, 2], [2, 1, 0]).tau).toBe(-1);
  });
});
