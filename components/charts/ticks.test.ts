import { describe, expect, it } from 'vitest';
import { niceAxis } from './ticks';

describe('niceAxis', () => {
  it('gives a count axis whole, distinct ticks (never 0, 1, 2, 2, 3)', () => {
    for (const hi of [1, 2, 3, 4, 7, 12, 150]) {
      const a = niceAxis(0, hi, 'count');
      const labels = a.ticks.map(a.format);
      expect(new Set(labels).size).toBe(labels.length);
      expect(a.ticks.every(Number.isInteger)).toBe(true);
      expect(a.domain[1]).toBeGreaterThanOrEqual(hi);
    }
  });

  it('gives a memory axis round values in one binary unit, short enough not to wrap', () => {
    const MiB = 2 ** 20;
    const a = niceAxis(180 * MiB, 240 * MiB, 'bytes');
    const labels = a.ticks.map(a.format);
    expect(labels).toContain('200 MiB');
    for (const l of labels) {
      expect(l).toMatch(/^\d+ MiB$/);
      expect(l.length).toBeLessThanOrEqual(8);
    }
    expect(niceAxis(0, 3.5 * 2 ** 30, 'bytes').ticks.map((t) => niceAxis(0, 3.5 * 2 ** 30, 'bytes').format(t))).toEqual(
      ['0 GiB', '1 GiB', '2 GiB', '3 GiB', '4 GiB'],
    );
  });
});
