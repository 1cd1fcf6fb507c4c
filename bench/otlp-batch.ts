// The OTLP batch the tracing and overload benchmarks send: 512 spans with 20 attributes each (the
// OpenTelemetry Collector's test-bed shape), traces of 8 spans over 4 services, encoded once by
// protobufjs from the official definitions; stamp() writes a number into every trace id in place so
// each send is new to the store.
import { encodeTraceRequest } from '../lib/tracing/otlp';

export const SPANS = 512;
const PER_TRACE = 8;
export const SERVICES = ['frontend', 'cart', 'checkout', 'inventory'];
const OPERATIONS = ['GET /', 'GET /cart', 'POST /checkout', 'SELECT stock', 'UPDATE stock', 'GET /item/:id'];

export interface Template {
  body: Uint8Array;
  /** byte offsets of every trace id in the encoded batch */
  traceIdAt: number[];
  /** the template's trace ids (their first four bytes are replaced per send) */
  traceIds: Buffer[];
}

export function template(nowMs: number): Template {
  const traceIds = Array.from({ length: SPANS / PER_TRACE }, (_, t) => {
    const b = Buffer.alloc(16);
    b.writeUInt32BE(0xfeedface, 4);
    b.writeUInt32BE(t + 1, 8);
    b.writeUInt32BE(0xc0ffee00 + t, 12);
    return b;
  });
  const byService = new Map<string, Record<string, unknown>[]>(SERVICES.map((s) => [s, []]));
  for (let i = 0; i < SPANS; i++) {
    const t = Math.floor(i / PER_TRACE);
    const k = i % PER_TRACE;
    const service = SERVICES[k % SERVICES.length] as string;
    const start = BigInt(nowMs - 60_000 + t * 10 + k) * 1_000_000n;
    const durationNs = BigInt(((i * 7919) % 200) + 1) * 100_000n * BigInt(PER_TRACE - k);
    const spanId = Buffer.alloc(8);
    spanId.writeUInt32BE(k + 1, 4);
    const parent = Buffer.alloc(8);
    parent.writeUInt32BE(k, 4);
    (byService.get(service) as Record<string, unknown>[]).push({
      traceId: traceIds[t],
      spanId,
      parentSpanId: k ? parent : undefined,
      name: OPERATIONS[(t + k) % OPERATIONS.length],
      kind: k === 0 ? 2 : 3,
      startTimeUnixNano: String(start),
      endTimeUnixNano: String(start + durationNs),
      status: { code: i % 50 === 0 ? 2 : 0 },
      attributes: Array.from({ length: 20 }, (_, a) => ({
        key: `attr.${a}`,
        value:
          a % 3 === 0
            ? { intValue: (i * 31 + a) % 1000 }
            : { stringValue: `value-${(i + a) % 97}-${'x'.repeat(a % 5)}` },
      })),
    });
  }
  const body = encodeTraceRequest({
    resourceSpans: SERVICES.map((service) => ({
      resource: {
        attributes: [
          { key: 'service.name', value: { stringValue: service } },
          { key: 'host.name', value: { stringValue: 'bench-host' } },
        ],
      },
      scopeSpans: [{ scope: { name: 'bench' }, spans: byService.get(service) }],
    })),
  });
  const buf = Buffer.from(body);
  const traceIdAt: number[] = [];
  for (const id of traceIds) for (let at = buf.indexOf(id); at >= 0; at = buf.indexOf(id, at + 16)) traceIdAt.push(at);
  if (traceIdAt.length !== SPANS) throw new Error(`found ${traceIdAt.length} trace ids in the template`);
  return { body: buf, traceIdAt, traceIds };
}

/** The template's bytes with `n` written into every trace id (a new batch to the store). */
export function stamp(tpl: Template, n: number, into: Buffer = Buffer.from(tpl.body)): Buffer {
  for (const at of tpl.traceIdAt) into.writeUInt32BE(n, at);
  return into;
}
