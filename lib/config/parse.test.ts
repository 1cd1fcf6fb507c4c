import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './parse';

describe('durations', () => {
  it.each([
    [2_592_000_000, '30d'],
    [300_000, '5m'],
    [15_000, '15s'],
    [3_600_000, '1h'],
    [1_500, '1500ms'],
  ])('%i ms reads as %s and back', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });

  it('takes a space before the unit', () => {
    expect(parseDuration('30 d')).toBe(2_592_000_000);
    expect(parseDuration('30 days')).toBeUndefined();
  });
});
