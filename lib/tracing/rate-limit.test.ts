import { describe, expect, it } from 'vitest';
import { keepTrace, TraceArrivals } from './rate-limit';

describe('the trace rate limit', () => {
  it('keeps by the trace id, so every batch of a trace decides alike', () => {
    const id = (low: number) => `${'ab'.repeat(12)}${low.toString(16).padStart(8, '0')}`;
    expect(keepTrace(id(0x1000_0000), 0.1)).toBe(true);
    expect(keepTrace(id(0x2000_0000), 0.1)).toBe(false);
    expect(keepTrace(id(0xffff_ffff), 1)).toBe(true);
    expect(keepTrace(id(0), 0)).toBe(false);
    // over many random ids, about the ratio
    let kept = 0;
    for (let i = 0; i < 10_000; i++) if (keepTrace(id(Math.floor(Math.random() * 0x1_0000_0000)), 0.25)) kept++;
    expect(kept / 10_000).toBeGreaterThan(0.22);
    expect(kept / 10_000).toBeLessThan(0.28);
  });

  it('follows the arrival rate over the last ten seconds', () => {
    let t = 1_000_000;
    const a = new TraceArrivals(() => t);
    expect(a.keepRatio(100)).toBe(1);
    for (let s = 0; s < 10; s++) {
      a.add(1_000);
      t += 1_000;
    }
    expect(a.perSecond()).toBeCloseTo(900, 0); // the newest second has begun empty
    expect(a.keepRatio(100)).toBeCloseTo(100 / 900, 3);
    expect(a.keepRatio(0)).toBe(1);
    t += 20_000; // quiet for longer than the window
    expect(a.perSecond()).toBe(0);
    expect(a.keepRatio(100)).toBe(1);
  });
});
