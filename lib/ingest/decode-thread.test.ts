// The decode thread's trace job run in place: the rate limit's keep ratio decides by trace id, a
// trace is stored whole or not at all, and RED figures count every valid span either way.
import { deserialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { keepTrace } from '../tracing/rate-limit';
import { decodeTraces } from './decode-thread';
import type { SpanRowSet } from './jobs';

const now = BigInt(Date.now()) * 1_000_000n;
/** 40 traces of a root and a child each, trace ids spread over the 32-bit space. */
function exportBody(): Uint8Array<ArrayBuffer> {
  const spans = Array.from({ length: 40 }, (_, t) => {
    const traceId = `${'1'.repeat(24)}${Math.floor((t / 40) * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0')}`;
    const root = { traceId, spanId: `${t.toString(16).padStart(2, '0')}${'a'.repeat(14)}` };
    return [
      { ...root, name: 'GET /', kind: 2, startTimeUnixNano: String(now - 2_000_000n), endTimeUnixNano: String(now) },
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
    decodeTraces({ body: exportBody(), encoding: 'json', nowUs, oldestUs: nowUs - 86_400e6, keepRatio });

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
