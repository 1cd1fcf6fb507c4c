import { describe, expect, it } from 'vitest';
import { resolveRange } from './time-range';

describe('resolveRange', () => {
  it('resolves presets against now', () => {
    expect(resolveRange({ range: '6h' }, 10 * 3_600_000)).toEqual({ fromMs: 4 * 3_600_000, toMs: 10 * 3_600_000 });
  });
  it('accepts a valid custom range and refuses broken ones', () => {
    expect(resolveRange({ range: 'custom', from: 1, to: 2 })).toEqual({ fromMs: 1, toMs: 2 });
    expect(() => resolveRange({ range: 'custom', from: 2, to: 1 })).toThrow(/before/);
    expect(() => resolveRange({ range: 'custom' })).toThrow(/needs from and to/);
  });
});
