// Pure: OTLP/HTTP trace requests in, spans out. Protobuf is decoded by protobufjs from the official
// OTLP definitions (lib/tracing/proto, compiled to otlp-descriptor.json); JSON follows the OTLP/JSON
// mapping (hex ids, lowerCamelCase fields, 64-bit integers as strings or numbers). Both become the
// same plain shape, which `normalize` validates span by span, so one bad span is rejected with its
// reason and the rest of the batch is kept.
import Long from 'long';
import protobuf from 'protobufjs';
import descriptor from './otlp-descriptor.json';
import type { Attributes, AttrValue, SpanEvent, SpanLink, SpanRecord } from './model';

// protobufjs looks for `long` with a dynamic require a bundler cannot follow; without it, 64-bit
// nanosecond timestamps would decode as lossy doubles.
protobuf.util.Long = Long;
protobuf.configure();

/** the OTLP definitions (traces and logs), for the log decoder too */
export const otlpRoot = protobuf.Root.fromJSON(descriptor);
const TraceRequest = otlpRoot.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
const TraceResponse = otlpRoot.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse');
// google.rpc.Status, the body of an OTLP error answer (code 1, message 2; details are not sent).
const RpcStatus = new protobuf.Type('Status')
  .add(new protobuf.Field('code', 1, 'int32'))
  .add(new protobuf.Field('message', 2, 'string'));
new protobuf.Root().define('google.rpc').add(RpcStatus);

export const LIMITS = {
  attributesPerSpan: 128,
  valueChars: 4_096,
  keyChars: 256,
  nameChars: 512,
  eventsPerSpan: 128,
  linksPerSpan: 128,
  arrayItems: 128,
  depth: 4,
  /** how far ahead of the receiver's clock a span may start */
  futureUs: 60 * 60 * 1e6,
} as const;

export class OtlpDecodeError extends Error {}

// ── the plain shape both encodings become ───────────────────────────────────────────────────────
export interface PlainKv {
  key: string;
  value: unknown;
}
export interface PlainSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startNs: bigint | number;
  endNs: bigint | number;
  attributes: PlainKv[];
  events: { timeNs: bigint | number; name: string; attributes: PlainKv[] }[];
  links: { traceId: string; spanId: string; attributes: PlainKv[] }[];
  status: { code: number; message: string };
}
export interface PlainResourceSpans {
  resource: PlainKv[];
  scopes: { scope: { name: string; version: string } | null; spans: PlainSpan[] }[];
}

export function hex(bytes: Uint8Array | undefined | null): string {
  if (!bytes || bytes.length === 0) return '';
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}

export function nsOf(v: unknown): bigint | number {
  if (v === undefined || v === null || v === '') return 0;
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v === 'string') {
    if (!/^\d{1,20}$/.test(v)) throw new OtlpDecodeError(`not a nanosecond timestamp: ${v.slice(0, 40)}`);
    return BigInt(v);
  }
  if (Long.isLong(v)) {
    const l = v as Long;
    // Exact: (high × 2³² + low) in a double moves in 256 ns steps at today's epoch, and flooring
    // that to µs put some times 1 µs early (a span's start before its parent's).
    return (BigInt(l.high >>> 0) << 32n) | BigInt(l.low >>> 0);
  }
  throw new OtlpDecodeError('not a nanosecond timestamp');
}

export const usOf = (ns: bigint | number): number =>
  typeof ns === 'bigint' ? Number(ns / 1000n) : Math.floor(ns / 1000);

// protobufjs decodes AnyValue with its one-of's name in `value` (defaults live on the prototype,
// so every field reads as set).
export function pbValue(v: Record<string, unknown> | null | undefined, depth = 0): AttrValue {
  if (!v || depth > LIMITS.depth) return null;
  switch (v.value) {
    case 'stringValue':
      return String(v.stringValue);
    case 'boolValue':
      return Boolean(v.boolValue);
    case 'intValue':
      return Long.isLong(v.intValue) ? (v.intValue as Long).toNumber() : Number(v.intValue);
    case 'doubleValue':
      return Number(v.doubleValue);
    case 'arrayValue': {
      const values = ((v.arrayValue as { values?: Record<string, unknown>[] }).values ?? []).slice(
        0,
        LIMITS.arrayItems,
      );
      return values.map((x) => pbValue(x, depth + 1));
    }
    case 'kvlistValue': {
      const out: Record<string, AttrValue> = {};
      for (const kv of ((v.kvlistValue as { values?: PlainKv[] }).values ?? []).slice(0, LIMITS.arrayItems))
        out[String(kv.key)] = pbValue(kv.value as Record<string, unknown>, depth + 1);
      return out;
    }
    case 'bytesValue':
      return Buffer.from(v.bytesValue as Uint8Array).toString('base64');
    default:
      return null;
  }
}

// OTLP/JSON's AnyValue: the same one-of, with intValue as a string or number and bytes as base64.
export function jsonValue(v: unknown, depth = 0): AttrValue {
  if (!v || typeof v !== 'object' || depth > LIMITS.depth) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.stringValue === 'string') return o.stringValue;
  if (typeof o.boolValue === 'boolean') return o.boolValue;
  if (o.intValue !== undefined) {
    const n = Number(o.intValue);
    return Number.isFinite(n) ? n : null;
  }
  if (o.doubleValue !== undefined) {
    const n = Number(o.doubleValue);
    return Number.isFinite(n) ? n : String(o.doubleValue);
  }
  if (o.arrayValue && typeof o.arrayValue === 'object') {
    const values = (o.arrayValue as { values?: unknown }).values;
    return Array.isArray(values) ? values.slice(0, LIMITS.arrayItems).map((x) => jsonValue(x, depth + 1)) : [];
  }
  if (o.kvlistValue && typeof o.kvlistValue === 'object') {
    const values = (o.kvlistValue as { values?: unknown }).values;
    const out: Record<string, AttrValue> = {};
    if (Array.isArray(values))
      for (const kv of values.slice(0, LIMITS.arrayItems))
        if (kv && typeof kv === 'object')
          out[String((kv as PlainKv).key)] = jsonValue((kv as PlainKv).value, depth + 1);
    return out;
  }
  if (typeof o.bytesValue === 'string') return o.bytesValue;
  return null;
}

// ── decoding ────────────────────────────────────────────────────────────────────────────────────
export type PbMsg = Record<string, unknown>;
export const arr = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

export function decodeProtobuf(body: Uint8Array): PlainResourceSpans[] {
  let msg: PbMsg;
  try {
    msg = TraceRequest.decode(body) as unknown as PbMsg;
  } catch (err) {
    throw new OtlpDecodeError(`malformed protobuf: ${(err as Error).message}`);
  }
  const pbKv = (list: unknown): PlainKv[] =>
    arr<PbMsg>(list).map((kv) => ({ key: String(kv.key ?? ''), value: pbValue(kv.value as PbMsg) }));
  return arr<PbMsg>(msg.resourceSpans).map((rs) => ({
    resource: pbKv((rs.resource as PbMsg | undefined)?.attributes),
    scopes: arr<PbMsg>(rs.scopeSpans).map((ss) => {
      const scope = ss.scope as PbMsg | undefined;
      return {
        scope: scope ? { name: String(scope.name ?? ''), version: String(scope.version ?? '') } : null,
        spans: arr<PbMsg>(ss.spans).map((s) => {
          const status = s.status as PbMsg | undefined;
          return {
            traceId: hex(s.traceId as Uint8Array),
            spanId: hex(s.spanId as Uint8Array),
            parentSpanId: hex(s.parentSpanId as Uint8Array),
            name: String(s.name ?? ''),
            kind: Number(s.kind ?? 0),
            startNs: nsOf(s.startTimeUnixNano),
            endNs: nsOf(s.endTimeUnixNano),
            attributes: pbKv(s.attributes),
            events: arr<PbMsg>(s.events).map((e) => ({
              timeNs: nsOf(e.timeUnixNano),
              name: String(e.name ?? ''),
              attributes: pbKv(e.attributes),
            })),
            links: arr<PbMsg>(s.links).map((l) => ({
              traceId: hex(l.traceId as Uint8Array),
              spanId: hex(l.spanId as Uint8Array),
              attributes: pbKv(l.attributes),
            })),
            status: { code: Number(status?.code ?? 0), message: String(status?.message ?? '') },
          };
        }),
      };
    }),
  }));
}

export function decodeJson(body: unknown): PlainResourceSpans[] {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new OtlpDecodeError('expected an ExportTraceServiceRequest object');
  const resourceSpans = (body as PbMsg).resourceSpans;
  if (resourceSpans !== undefined && !Array.isArray(resourceSpans))
    throw new OtlpDecodeError('resourceSpans must be an array');
  const jsonKv = (list: unknown): PlainKv[] =>
    arr<PbMsg>(list)
      .filter((kv) => kv && typeof kv === 'object')
      .map((kv) => ({ key: String(kv.key ?? ''), value: jsonValue(kv.value) }));
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return arr<PbMsg>(resourceSpans)
    .filter((rs) => rs && typeof rs === 'object')
    .map((rs) => ({
      resource: jsonKv((rs.resource as PbMsg | undefined)?.attributes),
      scopes: arr<PbMsg>(rs.scopeSpans)
        .filter((ss) => ss && typeof ss === 'object')
        .map((ss) => {
          const scope = ss.scope as PbMsg | undefined;
          return {
            scope: scope && typeof scope === 'object' ? { name: str(scope.name), version: str(scope.version) } : null,
            spans: arr<PbMsg>(ss.spans)
              .filter((s) => s && typeof s === 'object')
              .map((s) => {
                const status = (s.status ?? {}) as PbMsg;
                const ns = (v: unknown) => {
                  try {
                    return nsOf(v);
                  } catch {
                    return -1;
                  }
                };
                return {
                  traceId: str(s.traceId).toLowerCase(),
                  spanId: str(s.spanId).toLowerCase(),
                  parentSpanId: str(s.parentSpanId).toLowerCase(),
                  name: str(s.name),
                  kind: Number(s.kind ?? 0) || 0,
                  startNs: ns(s.startTimeUnixNano),
                  endNs: ns(s.endTimeUnixNano),
                  attributes: jsonKv(s.attributes),
                  events: arr<PbMsg>(s.events)
                    .filter((e) => e && typeof e === 'object')
                    .map((e) => ({ timeNs: ns(e.timeUnixNano), name: str(e.name), attributes: jsonKv(e.attributes) })),
                  links: arr<PbMsg>(s.links)
                    .filter((l) => l && typeof l === 'object')
                    .map((l) => ({
                      traceId: str(l.traceId).toLowerCase(),
                      spanId: str(l.spanId).toLowerCase(),
                      attributes: jsonKv(l.attributes),
                    })),
                  status: { code: Number(status.code ?? 0) || 0, message: str(status.message) },
                };
              }),
          };
        }),
    }));
}

// ── validation ──────────────────────────────────────────────────────────────────────────────────
export const ZERO_TRACE = '0'.repeat(32);
export const ZERO_SPAN = '0'.repeat(16);
export const isHex = (s: string, len: number) => s.length === len && /^[0-9a-f]+$/.test(s);

export function clipValue(v: AttrValue): AttrValue {
  if (typeof v === 'string') return v.length > LIMITS.valueChars ? v.slice(0, LIMITS.valueChars) : v;
  if (Array.isArray(v)) return v.map(clipValue);
  if (v && typeof v === 'object') {
    const out: Record<string, AttrValue> = {};
    for (const [k, x] of Object.entries(v)) out[k.slice(0, LIMITS.keyChars)] = clipValue(x);
    return out;
  }
  return v;
}

/** Attributes as an object, capped in count and size; `dropped` counts the ones past the cap. */
export function attributesOf(list: readonly PlainKv[]): { attributes: Attributes; dropped: number } {
  const attributes: Attributes = Object.create(null);
  let n = 0;
  let dropped = 0;
  for (const kv of list) {
    if (!kv.key) continue;
    if (n >= LIMITS.attributesPerSpan) {
      dropped++;
      continue;
    }
    const key = kv.key.slice(0, LIMITS.keyChars);
    if (!(key in attributes)) n++;
    attributes[key] = clipValue(kv.value as AttrValue);
  }
  return { attributes: { ...attributes }, dropped };
}

export interface Normalized {
  spans: SpanRecord[];
  rejected: number;
  /** the first few reasons, for the partial-success message */
  reasons: string[];
}

/** Validates and flattens decoded resource spans; `nowUs` and `oldestUs` bound the accepted times. */
export function normalize(batches: readonly PlainResourceSpans[], nowUs: number, oldestUs: number): Normalized {
  const spans: SpanRecord[] = [];
  const reasons = new Map<string, number>();
  let rejected = 0;
  const reject = (why: string) => {
    rejected++;
    reasons.set(why, (reasons.get(why) ?? 0) + 1);
  };
  for (const rs of batches) {
    const { attributes: resource } = attributesOf(rs.resource);
    const service =
      typeof resource['service.name'] === 'string' && resource['service.name']
        ? (resource['service.name'] as string).slice(0, LIMITS.nameChars)
        : 'unknown_service';
    for (const { scope, spans: list } of rs.scopes) {
      for (const s of list) {
        if (!isHex(s.traceId, 32) || s.traceId === ZERO_TRACE) {
          reject('trace id must be 16 bytes and not all zero');
          continue;
        }
        if (!isHex(s.spanId, 16) || s.spanId === ZERO_SPAN) {
          reject('span id must be 8 bytes and not all zero');
          continue;
        }
        if (s.parentSpanId && (!isHex(s.parentSpanId, 16) || s.parentSpanId === ZERO_SPAN)) {
          reject('parent span id must be empty or 8 bytes, not all zero');
          continue;
        }
        if ((typeof s.startNs === 'number' && s.startNs < 0) || (typeof s.endNs === 'number' && s.endNs < 0)) {
          reject('timestamps must be unsigned nanoseconds since the epoch');
          continue;
        }
        const startUs = usOf(s.startNs);
        const endUs = usOf(s.endNs);
        if (startUs <= 0 || endUs < startUs) {
          reject('end before start (or no start)');
          continue;
        }
        if (startUs < oldestUs || startUs > nowUs + LIMITS.futureUs) {
          reject('start time outside the retention window or more than an hour ahead');
          continue;
        }
        const { attributes } = attributesOf(s.attributes);
        const events: SpanEvent[] = s.events.slice(0, LIMITS.eventsPerSpan).map((e) => ({
          timeUs: usOf(e.timeNs),
          name: e.name.slice(0, LIMITS.nameChars),
          attributes: attributesOf(e.attributes).attributes,
        }));
        const links: SpanLink[] = s.links
          .slice(0, LIMITS.linksPerSpan)
          .filter((l) => isHex(l.traceId, 32) && isHex(l.spanId, 16))
          .map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: attributesOf(l.attributes).attributes }));
        spans.push({
          traceId: s.traceId,
          spanId: s.spanId,
          parentId: s.parentSpanId || null,
          service,
          name: (s.name || '(unnamed)').slice(0, LIMITS.nameChars),
          kind: s.kind >= 0 && s.kind <= 5 ? s.kind : 0,
          startUs,
          durationUs: endUs - startUs,
          status: s.status.code === 1 || s.status.code === 2 ? s.status.code : 0,
          statusMessage: s.status.message ? s.status.message.slice(0, LIMITS.valueChars) : null,
          attributes,
          events,
          links,
          resource,
          scope: scope && (scope.name || scope.version) ? scope : null,
        });
      }
    }
  }
  const list = [...reasons].map(([why, n]) => `${n} × ${why}`);
  return { spans, rejected, reasons: list.slice(0, 5) };
}

// ── answers ─────────────────────────────────────────────────────────────────────────────────────
export function encodeResponse(rejected: number, message: string, protobufBody: boolean): Uint8Array | string {
  const partial = rejected > 0 ? { rejectedSpans: rejected, errorMessage: message } : undefined;
  if (!protobufBody)
    return JSON.stringify(partial ? { partialSuccess: { ...partial, rejectedSpans: String(rejected) } } : {});
  const msg = partial ? { partialSuccess: { rejectedSpans: Long.fromNumber(rejected), errorMessage: message } } : {};
  return TraceResponse.encode(TraceResponse.fromObject(msg)).finish();
}

/** An error answer's body: google.rpc.Status in the request's encoding. */
export function encodeStatus(code: number, message: string, protobufBody: boolean): Uint8Array | string {
  if (!protobufBody) return JSON.stringify({ code, message });
  return RpcStatus.encode(RpcStatus.fromObject({ code, message })).finish();
}

/** For tests and the demo: a request in OTLP protobuf from plain objects (protobufjs's fromObject). */
export function encodeTraceRequest(obj: Record<string, unknown>): Uint8Array {
  return TraceRequest.encode(TraceRequest.fromObject(obj)).finish();
}
