import { describe, expect, it } from 'vitest';
import { coveringBuckets } from './coverage';

const H = 3_600_000;
const D = 24 * H;
const M = 60_000;

/** Every finest bucket the ranges stand for, to compare with the plain enumeration. */
function expand(ranges: ReturnType<typeof coveringBuckets>, finest: number): number[] {
  const out: number[] = [];
  for (const r of ranges) {
    const unit = r.resolution * 1000;
    for (let b = Math.ceil(r.from / unit) * unit; b <= r.to; b += unit)
      for (let f = b; f < b + unit; f += finest) out.push(f);
  }
  return out.sort((a, b) => a - b);
}
function plain(from: number, to: number, finest: number): number[] {
  const out: number[] = [];
  for (let b = Math.ceil(from / finest) * finest; b <= to; b += finest) out.push(b);
  return out;
}

describe('coveringBuckets', () => {
  it('covers 7 days with whole days and edge hours, exactly', () => {
    const from = 20_000 * D + 5 * H;
    const to = from + 7 * D;
    const r = coveringBuckets(from, to, H);
    expect(r.filter((x) => x.resolution === 86_400)).toHaveLength(1);
    expect(expand(r, H)).toEqual(plain(from, to, H));
  });

  it('uses hours inside a day at minute resolution, and minutes only at the edges', () => {
    const from = 20_000 * D + 8 * H + 17 * M;
    const to = from + D;
    const r = coveringBuckets(from, to, M);
    expect(r.some((x) => x.resolution === 3_600)).toBe(true);
    expect(expand(r, M)).toEqual(plain(from, to, M));
  });

  it('is exact for ranges that are short, aligned or empty', () => {
    for (const [from, to] of [
      [20_000 * D, 20_000 * D + 10 * M],
      [20_000 * D, 20_001 * D],
      [20_000 * D + H, 20_000 * D],
      [20_000 * D + 7 * M, 20_003 * D + 59 * M],
    ] as const) {
      expect(expand(coveringBuckets(from, to, M), M)).toEqual(plain(from, to, M));
    }
  });
});
