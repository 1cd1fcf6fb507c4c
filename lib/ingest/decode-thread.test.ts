// The decode thread's trace job run in place: the rate limit's keep ratio decides by trace id, a
// trace is stored whole or not at all, and RED figures count every valid span either way.
import { deserialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { keepTrace } from '../tracing/rate-limit';
import { decodeTraces } from './decode-thread';
import type { SpanRowSet } from './jobs';

const now = BigInt(Date.now()) * 1_000_000n;
/** 40 traces of a root and a child each, trace ids spread over the 32-bit space. */
function exportBody(
  mark: (t: number) => { status?: { code: number }; slow?: boolean } = () => ({}),
): Uint8Array<ArrayBuffer> {
  const spans = Array.from({ length: 40 }, (_, t) => {
    const traceId = `${'1'.repeat(24)}${Math.floor((t / 40) * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0')}`;
    const root = { traceId, spanId: `${t.toString(16).padStart(2, '0')}${'a'.repeat(14)}` };
    const m = mark(t);
    return [
      {
        ...root,
        name: 'GET /',
        kind: 2,
        startTimeUnixNano: String(now - (m.slow ? 2_000_000_000n : 2_000_000n)),
        endTimeUnixNano: String(now),
        ...(m.status ? { status: m.status } : {}),
      },
      {
        traceId,
        spanId: `${t.toString(16).padStart(2, '0')}${'b'.repeat(14)}`,
        parentSpanId: root.spanId,
        name: 'SELECT',
        kind: 3,
        startTimeUnixNano: String(now - 1_000_000n),
        endTimeUnixNano: String(now),
      },
    ];
  }).flat();
  const json = JSON.stringify({
    resourceSpans: [
      { resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] }, scopeSpans: [{ spans }] },
    ],
  });
  const b = Buffer.from(json);
  return new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength);
}

describe('decoding traces under the rate limit', () => {
  const nowUs = Date.now() * 1000;
  const run = (keepRatio: number) =>
    decodeTraces({ body: exportBody(), encoding: 'json', nowUs, oldestUs: nowUs - 86_400e6, keepRatio, tail: null });

  it('stores every span with no limit', () => {
    const out = run(1);
    if (!out.ok) throw new Error(out.error);
    expect(out).toMatchObject({ accepted: 80, rejected: 0, traces: 40, sampledOut: 0 });
  });

  it('stores only whole traces under the ratio, and counts RED figures of them all', () => {
    const out = run(0.25);
    if (!out.ok) throw new Error(out.error);
    expect(out.accepted).toBe(80);
    expect(out.traces).toBe(40);
    expect(out.red).toHaveLength(40);
    const rows = deserialize(Buffer.from(out.rows as Uint8Array)) as SpanRowSet;
    const stored = rows.spans.map((r) => String(r[0]));
    expect(stored.length + out.sampledOut).toBe(80);
    expect(stored.length).toBe(20); // 10 traces of 40, two spans each
    expect(stored.every((id) => keepTrace(id, 0.25))).toBe(true);
    const perTrace = new Map<string, number>();
    for (const id of stored) perTrace.set(id, (perTrace.get(id) ?? 0) + 1);
    expect([...perTrace.values()].every((n) => n === 2)).toBe(true);
  });
});

describe('holding traces over the limit for the tail decision', () => {
  const nowUs = Date.now() * 1000;
  it('hands every sampled-out trace back whole, as its own rows, flagged for errors and slowness', () => {
    // trace 1 errs, trace 3 is slow (2 s against a 1 s threshold); both fall outside a 0.0 ratio
    const body = exportBody((t) => (t === 1 ? { status: { code: 2 } } : t === 3 ? { slow: true } : {}));
    const out = decodeTraces({
      body,
      encoding: 'json',
      nowUs,
      oldestUs: nowUs - 86_400e6,
      keepRatio: 0.0001,
      tail: { slowUs: 1_000_000, errors: true },
    });
    if (!out.ok) throw new Error(out.error);
    const heldSpans = out.held.reduce((n, h) => n + h.spans, 0);
    expect(heldSpans).toBe(out.sampledOut);
    expect(out.held.every((h) => h.spans === 2)).toBe(true);
    expect(out.held.filter((h) => h.error).map((h) => h.traceId.slice(-8))).toEqual([
      Math.floor((1 / 40) * 0x1_0000_0000)
        .toString(16)
        .padStart(8, '0'),
    ]);
    expect(out.held.filter((h) => h.slow)).toHaveLength(1);
    // Each held trace carries its own resource row, so it can be stored without the others.
    for (const h of out.held) {
      const rows = deserialize(Buffer.from(h.rows)) as SpanRowSet;
      expect(rows.spans).toHaveLength(2);
      expect(rows.resources).toHaveLength(1);
    }
  });
});
