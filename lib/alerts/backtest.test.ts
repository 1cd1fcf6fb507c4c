import { describe, expect, it } from 'vitest';
import { replay } from './backtest';

describe('replay', () => {
  it('finds when a rule would have fired and resolved', () => {
    const values = [50, 90, 95, 92, 60, 50, 99, 99].map((v, i) => ({ t: i * 60_000, v }));
    const episodes = replay({ comparator: '>', threshold: 80, forMs: 60_000, hysteresis: 5 }, values);
    expect(episodes).toEqual([
      { pendingAt: 60_000, firedAt: 120_000, resolvedAt: 240_000, peak: 95 },
      { pendingAt: 360_000, firedAt: 420_000, resolvedAt: null, peak: 99 },
    ]);
  });
});
