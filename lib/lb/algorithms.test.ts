import { describe, expect, it } from 'vitest';
import { type Candidate, createBalancer, ewma, HashRing } from './algorithms';

const c = (id: string, over: Partial<Candidate> = {}): Candidate => ({ id, weight: 1, active: 0, ewmaMs: 0, ...over });
const seeded = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const ctx = (key = '10.0.0.1', random = seeded(7)) => ({ key, random });
const tally = (picks: (Candidate | undefined)[]) => {
  const m: Record<string, number> = {};
  for (const p of picks) m[p?.id ?? '-'] = (m[p?.id ?? '-'] ?? 0) + 1;
  return m;
};

describe('load-balancing algorithms', () => {
  it('round-robin takes turns; nothing eligible picks nothing', () => {
    const b = createBalancer('round-robin');
    const list = [c('a'), c('b'), c('c')];
    expect(Array.from({ length: 6 }, () => b.pick(list, ctx())?.id)).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    expect(b.pick([], ctx())).toBeUndefined();
  });

  it('smooth weighted round-robin interleaves by weight (nginx: 5,1,1 → a a b a c a a)', () => {
    const b = createBalancer('weighted-round-robin');
    const list = [c('a', { weight: 5 }), c('b'), c('c')];
    expect(Array.from({ length: 7 }, () => b.pick(list, ctx())?.id).join('')).toBe('aabacaa');
  });

  it('least-connections prefers the idlest per unit of weight and spreads ties', () => {
    const b = createBalancer('least-connections');
    expect(b.pick([c('a', { active: 3 }), c('b', { active: 1 }), c('c', { active: 2 })], ctx())?.id).toBe('b');
    expect(b.pick([c('a', { active: 4, weight: 4 }), c('b', { active: 2 })], ctx())?.id).toBe('a');
    const tie = [c('a'), c('b')];
    expect(new Set(Array.from({ length: 4 }, () => b.pick(tie, ctx())?.id))).toEqual(new Set(['a', 'b']));
  });

  it('least-response-time tries unmeasured backends first, then the lowest expected wait', () => {
    const b = createBalancer('least-response-time');
    expect(b.pick([c('a', { ewmaMs: 10 }), c('b', { ewmaMs: 0 })], ctx())?.id).toBe('b');
    expect(b.pick([c('a', { ewmaMs: 10, active: 5 }), c('b', { ewmaMs: 40, active: 0 })], ctx())?.id).toBe('b');
    expect(b.pick([c('a', { ewmaMs: 10, active: 1 }), c('b', { ewmaMs: 40, active: 0 })], ctx())?.id).toBe('a');
  });

  it('power-of-two-choices picks the less loaded of two and never the most loaded of three', () => {
    const b = createBalancer('power-of-two');
    const list = [c('a', { active: 0 }), c('b', { active: 5 }), c('c', { active: 9 })];
    const picks = tally(
      Array.from({ length: 300 }, () => b.pick(list, ctx('x', seeded(Math.floor(Math.random() * 1e9))))),
    );
    expect(picks.c ?? 0).toBe(0);
    expect(picks.a).toBeGreaterThan(picks.b ?? 0);
    expect(b.pick([c('only')], ctx())?.id).toBe('only');
  });

  it('ip-hash keeps a client on its backend and spreads clients about evenly', () => {
    const b = createBalancer('ip-hash');
    const list = [c('a'), c('b'), c('c'), c('d')];
    const keys = Array.from({ length: 4_000 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.7`);
    const first = keys.map((k) => b.pick(list, ctx(k))?.id);
    expect(keys.map((k) => b.pick(list, ctx(k))?.id)).toEqual(first);
    for (const n of Object.values(tally(first.map((id) => c(id as string)))))
      expect(Math.abs(n - 1_000)).toBeLessThan(250);
  });

  it('consistent hashing: adding or removing a backend moves only its share of the keys', () => {
    const ring = new HashRing();
    const four = [c('a'), c('b'), c('c'), c('d')];
    const five = [...four, c('e')];
    const keys = Array.from({ length: 10_000 }, (_, i) => `client-${i}`);
    const before = keys.map((k) => ring.lookup(four, k)?.id);
    const after = keys.map((k) => ring.lookup(five, k)?.id);
    const moved = keys.filter((_, i) => before[i] !== after[i]);
    // Only keys that now belong to e moved (about a fifth), none between the old four.
    expect(moved.every((_, i) => after[keys.indexOf(moved[i] as string)] === 'e')).toBe(true);
    expect(moved.length / keys.length).toBeGreaterThan(0.12);
    expect(moved.length / keys.length).toBeLessThan(0.28);
    const without = keys.map((k) => ring.lookup([c('a'), c('b'), c('d')], k)?.id);
    expect(keys.every((_, i) => before[i] === 'c' || before[i] === without[i])).toBe(true); // only c's keys moved
  });

  it('EWMA follows recent samples without jumping on one outlier', () => {
    let v = 0;
    for (const s of [10, 10, 10, 10]) v = ewma(v, s);
    expect(v).toBe(10);
    expect(ewma(v, 100)).toBeCloseTo(37, 0);
  });
});
