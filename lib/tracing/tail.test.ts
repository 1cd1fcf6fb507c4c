// The tail decision: held traces wait for a reason to keep them; an error or a slow span keeps the
// whole trace (what waited and what comes later), the rest are dropped after the wait or when the
// buffer is full — each counted by decision and reason.
import { describe, expect, it } from 'vitest';
import { tailReason } from './self';
import { groupForTail, type HeldTrace, TailBuffer } from './tail';

const part = (traceId: string, flags: Partial<HeldTrace> = {}, bytes = 100): HeldTrace => ({
  traceId,
  spans: 2,
  error: false,
  slow: false,
  rows: new Uint8Array(new ArrayBuffer(bytes)),
  ...flags,
});

function harness(waitMs = 1_000, maxBytes = 1_000) {
  let now = 0;
  const written: string[] = [];
  const counts: string[] = [];
  const ids = new Map<Uint8Array, string>();
  const buffer = new TailBuffer(
    {
      now: () => now,
      write: async (rows) => void written.push(ids.get(rows) ?? '?'),
      count: (spans, decision, reason) => counts.push(`${decision}:${reason}:${spans}`),
    },
    waitMs,
    maxBytes,
  );
  const hold = (...parts: HeldTrace[]) => {
    for (const p of parts) ids.set(p.rows, p.traceId);
    buffer.hold(parts);
  };
  const advance = (ms: number) => {
    now += ms;
  };
  return { buffer, hold, written, counts, advance };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('TailBuffer', () => {
  it('keeps a trace with an error: what waited, and later parts at once', async () => {
    const h = harness();
    h.hold(part('a'));
    h.advance(500);
    h.hold(part('a', { error: true }));
    await settle();
    expect(h.written).toEqual(['a', 'a']);
    h.hold(part('a')); // another service's spans of the same trace, later
    await settle();
    expect(h.written).toEqual(['a', 'a', 'a']);
    expect(h.counts).toEqual(['kept:tail_error:2', 'kept:tail_error:2', 'kept:tail_error:2']);
    expect(h.buffer.heldBytes).toBe(0);
  });

  it('keeps a slow trace and drops an ordinary one once its wait has passed since its last part', async () => {
    const h = harness();
    h.hold(part('slow', { slow: true }), part('plain'));
    h.advance(900);
    h.hold(part('plain')); // the wait starts again from the last part
    h.advance(900);
    h.buffer.sweep();
    expect(h.counts.filter((c) => c.startsWith('dropped'))).toEqual([]);
    h.advance(200);
    h.buffer.sweep();
    await settle();
    expect(h.written).toEqual(['slow']);
    expect(h.counts).toEqual(['dropped:rate_limit:4', 'kept:tail_slow:2']);
    expect(h.buffer.heldTraces).toBe(0);
  });

  it('drops the longest-waiting traces when held rows pass the byte budget', () => {
    const h = harness(10_000, 250);
    h.hold(part('first'), part('second'), part('third'));
    expect(h.counts).toEqual(['dropped:tail_buffer_full:2']);
    expect(h.buffer.heldBytes).toBe(200);
    h.buffer.clear();
    expect(h.counts).toEqual(['dropped:tail_buffer_full:2', 'dropped:rate_limit:2', 'dropped:rate_limit:2']);
  });
});

describe('groupForTail', () => {
  const span = (traceId: string, status: number, durationUs: number) => ({ traceId, status, durationUs });
  it('groups by trace and flags errors and slowness as the policy says', () => {
    const g = groupForTail([span('a', 0, 10), span('a', 2, 10), span('b', 0, 2_000_000), span('c', 0, 10)], {
      slowUs: 1_000_000,
      errors: true,
    });
    expect([...g].map(([id, x]) => [id, x.spans.length, x.error, x.slow])).toEqual([
      ['a', 2, true, false],
      ['b', 1, false, true],
      ['c', 1, false, false],
    ]);
    const off = groupForTail([span('a', 2, 2_000_000)], { slowUs: 0, errors: false });
    expect(off.get('a')).toMatchObject({ error: false, slow: false });
  });
});

describe("Redline's own requests over the limit", () => {
  const policy = { slowUs: 1_000_000, errors: true };
  it('are kept for a 5xx or an errored child, or for their length', () => {
    expect(tailReason({ children: [] }, 503, 10, policy)).toBe('tail_error');
    const child = { name: 'SELECT', kind: 3, startUs: 0, durationUs: 1, attributes: {}, error: true };
    expect(tailReason({ children: [child] }, 200, 10, policy)).toBe('tail_error');
    expect(tailReason({ children: [] }, 200, 1_500_000, policy)).toBe('tail_slow');
    expect(tailReason({ children: [] }, 404, 10, policy)).toBeNull();
    expect(tailReason({ children: [] }, 500, 10, null)).toBeNull();
  });
});
