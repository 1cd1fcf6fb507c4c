import { describe, expect, it } from 'vitest';
import { FailureMemo } from './failures';

describe('FailureMemo', () => {
  it('remembers a failure until its time is up', () => {
    const m = new FailureMemo(1_000);
    m.set('a', 'not a readable image', 0);
    expect(m.get('a', 999)).toBe('not a readable image');
    expect(m.get('a', 1_000)).toBeUndefined();
  });

  it('keeps at most its bound, dropping the oldest', () => {
    const m = new FailureMemo(1_000, 2);
    m.set('a', 'x', 0);
    m.set('b', 'y', 0);
    m.set('c', 'z', 0);
    expect([m.get('a', 1), m.get('b', 1), m.get('c', 1)]).toEqual([undefined, 'y', 'z']);
  });
});
