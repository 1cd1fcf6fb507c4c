import { describe, expect, it } from 'vitest';
import { groupLeaks } from './leaks';

describe('groupLeaks', () => {
  it('groups leaked objects by constructor, largest first, with what holds them', () => {
    const r = groupLeaks(
      [
        ...Array.from({ length: 10 }, () => ({
          name: 'RetainedRequest',
          type: 'object',
          self: 40,
          retained: 100,
          path: ['(GC roots)', 'Context.retained', 'Array[3]'],
        })),
        ...Array.from({ length: 10 }, (_, i) => ({
          name: `payload ${i}`,
          type: 'string',
          self: 1_000,
          retained: 1_000,
          path: ['RetainedRequest.payload'],
        })),
        { name: 'onData', type: 'closure', self: 32, retained: 64, path: ['Socket._events', 'Object.data'] },
        { name: 'onData', type: 'closure', self: 32, retained: 64, path: ['Socket._events', 'Object.data'] },
        { name: 'Timeout', type: 'object', self: 2_000, retained: 2_000, path: ['TimersList._idlePrev'] },
      ],
      500,
    );
    expect(r.leakedObjects).toBe(23);
    expect(r.groups.map((g) => g.name)).toEqual(['(string)', 'Timeout', 'RetainedRequest', 'onData']);
    expect(r.groups.find((g) => g.name === 'RetainedRequest')?.hints).toContain('collection');
    expect(r.groups.find((g) => g.name === 'onData')?.hints).toEqual(['closure', 'listener']);
    expect(r.groups.find((g) => g.name === 'Timeout')?.hints).toContain('timer');
  });
});
