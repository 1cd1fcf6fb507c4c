// Pure: OTLP/HTTP log requests (POST /v1/logs) in, log records out — protobuf through the official
// definitions (the same descriptor as traces), JSON by the OTLP/JSON mapping, then validated record
// by record like spans: a bad record is rejected with its reason and the rest are kept. A record
// carrying a trace and span id is shown on that trace's timeline.
import Long from 'long';
import type { Attributes, AttrValue } from './model';
import {
  arr,
  attributesOf,
  clipValue,
  hex,
  isHex,
  jsonValue,
  LIMITS,
  nsOf,
  OtlpDecodeError,
  otlpRoot,
  type PbMsg,
  type PlainKv,
  pbValue,
  usOf,
  ZERO_SPAN,
  ZERO_TRACE,
} from './otlp';

const LogsRequest = otlpRoot.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest');
const LogsResponse = otlpRoot.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse');

/** a log body's characters at most (a stack trace fits; a dump does not) */
export const BODY_CHARS = 16_384;

export interface LogRecord {
  /** epoch µs: the record's time, or when the SDK observed it */
  timeUs: number;
  traceId: string | null;
  spanId: string | null;
  service: string;
  /** OTLP's 1–24 (TRACE 1–4, DEBUG 5–8, INFO 9–12, WARN 13–16, ERROR 17–20, FATAL 21–24); 0 unset */
  severityNumber: number;
  severityText: string | null;
  body: string;
  attributes: Attributes;
  resource: Attributes;
}

interface PlainLog {
  timeNs: bigint | number;
  observedNs: bigint | number;
  severityNumber: number;
  severityText: string;
  body: AttrValue;
  attributes: PlainKv[];
  traceId: string;
  spanId: string;
}
export interface PlainResourceLogs {
  resource: PlainKv[];
  logs: PlainLog[];
}

export function decodeLogsProtobuf(body: Uint8Array): PlainResourceLogs[] {
  let msg: PbMsg;
  try {
    msg = LogsRequest.decode(body) as unknown as PbMsg;
  } catch (err) {
    throw new OtlpDecodeError(`malformed protobuf: ${(err as Error).message}`);
  }
  const pbKv = (list: unknown): PlainKv[] =>
    arr<PbMsg>(list).map((kv) => ({ key: String(kv.key ?? ''), value: pbValue(kv.value as PbMsg) }));
  return arr<PbMsg>(msg.resourceLogs).map((rl) => ({
    resource: pbKv((rl.resource as PbMsg | undefined)?.attributes),
    logs: arr<PbMsg>(rl.scopeLogs).flatMap((sl) =>
      arr<PbMsg>(sl.logRecords).map((r) => ({
        timeNs: nsOf(r.timeUnixNano),
        observedNs: nsOf(r.observedTimeUnixNano),
        severityNumber: Number(r.severityNumber ?? 0),
        severityText: String(r.severityText ?? ''),
        body: r.body ? pbValue(r.body as PbMsg) : null,
        attributes: pbKv(r.attributes),
        traceId: hex(r.traceId as Uint8Array),
        spanId: hex(r.spanId as Uint8Array),
      })),
    ),
  }));
}

export function decodeLogsJson(body: unknown): PlainResourceLogs[] {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new OtlpDecodeError('expected an ExportLogsServiceRequest object');
  const resourceLogs = (body as PbMsg).resourceLogs;
  if (resourceLogs !== undefined && !Array.isArray(resourceLogs))
    throw new OtlpDecodeError('resourceLogs must be an array');
  const jsonKv = (list: unknown): PlainKv[] =>
    arr<PbMsg>(list)
      .filter((kv) => kv && typeof kv === 'object')
      .map((kv) => ({ key: String(kv.key ?? ''), value: jsonValue(kv.value) }));
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const ns = (v: unknown) => {
    try {
      return nsOf(v);
    } catch {
      return -1;
    }
  };
  const isObj = (x: unknown): x is PbMsg => Boolean(x) && typeof x === 'object';
  return arr<unknown>(resourceLogs)
    .filter(isObj)
    .map((rl) => ({
      resource: jsonKv((rl.resource as PbMsg | undefined)?.attributes),
      logs: arr<unknown>(rl.scopeLogs)
        .filter(isObj)
        .flatMap((sl) =>
          arr<unknown>(sl.logRecords)
            .filter(isObj)
            .map((r) => ({
              timeNs: ns(r.timeUnixNano),
              observedNs: ns(r.observedTimeUnixNano),
              severityNumber: Number(r.severityNumber ?? 0) || 0,
              severityText: str(r.severityText),
              body: jsonValue(r.body),
              attributes: jsonKv(r.attributes),
              traceId: str(r.traceId).toLowerCase(),
              spanId: str(r.spanId).toLowerCase(),
            })),
        ),
    }));
}

function bodyText(v: AttrValue): string {
  const text = typeof v === 'string' ? v : v === null ? '' : JSON.stringify(clipValue(v));
  return text.length > BODY_CHARS ? text.slice(0, BODY_CHARS) : text;
}

export interface NormalizedLogs {
  logs: LogRecord[];
  rejected: number;
  reasons: string[];
}

/** Validates and flattens decoded resource logs; `nowUs` and `oldestUs` bound the accepted times. */
export function normalizeLogs(batches: readonly PlainResourceLogs[], nowUs: number, oldestUs: number): NormalizedLogs {
  const logs: LogRecord[] = [];
  const reasons = new Map<string, number>();
  let rejected = 0;
  const reject = (why: string) => {
    rejected++;
    reasons.set(why, (reasons.get(why) ?? 0) + 1);
  };
  for (const rl of batches) {
    const { attributes: resource } = attributesOf(rl.resource);
    const service =
      typeof resource['service.name'] === 'string' && resource['service.name']
        ? (resource['service.name'] as string).slice(0, LIMITS.nameChars)
        : 'unknown_service';
    for (const r of rl.logs) {
      if (r.traceId && (!isHex(r.traceId, 32) || r.traceId === ZERO_TRACE)) {
        reject('trace id must be empty or 16 bytes, not all zero');
        continue;
      }
      if (r.spanId && (!isHex(r.spanId, 16) || r.spanId === ZERO_SPAN)) {
        reject('span id must be empty or 8 bytes, not all zero');
        continue;
      }
      if ((typeof r.timeNs === 'number' && r.timeNs < 0) || (typeof r.observedNs === 'number' && r.observedNs < 0)) {
        reject('timestamps must be unsigned nanoseconds since the epoch');
        continue;
      }
      // OTLP: the event's time when known, else when the SDK observed it.
      const timeUs = usOf(r.timeNs) || usOf(r.observedNs);
      if (timeUs <= 0) {
        reject('no timestamp (timeUnixNano or observedTimeUnixNano)');
        continue;
      }
      if (timeUs < oldestUs || timeUs > nowUs + LIMITS.futureUs) {
        reject('time outside the retention window or more than an hour ahead');
        continue;
      }
      logs.push({
        timeUs,
        traceId: r.traceId || null,
        spanId: r.traceId && r.spanId ? r.spanId : null,
        service,
        severityNumber: r.severityNumber >= 0 && r.severityNumber <= 24 ? Math.trunc(r.severityNumber) : 0,
        severityText: r.severityText ? r.severityText.slice(0, 32) : null,
        body: bodyText(r.body),
        attributes: attributesOf(r.attributes).attributes,
        resource,
      });
    }
  }
  const list = [...reasons].map(([why, n]) => `${n} × ${why}`);
  return { logs, rejected, reasons: list.slice(0, 5) };
}

/** The success answer: ExportLogsServiceResponse, with partial success when records were refused. */
export function encodeLogsResponse(rejected: number, message: string, protobufBody: boolean): Uint8Array | string {
  const partial = rejected > 0 ? { rejectedLogRecords: rejected, errorMessage: message } : undefined;
  if (!protobufBody)
    return JSON.stringify(partial ? { partialSuccess: { ...partial, rejectedLogRecords: String(rejected) } } : {});
  const msg = partial
    ? { partialSuccess: { rejectedLogRecords: Long.fromNumber(rejected), errorMessage: message } }
    : {};
  return LogsResponse.encode(LogsResponse.fromObject(msg)).finish();
}

/** For tests and the demo: a logs request in OTLP protobuf from plain objects. */
export function encodeLogsRequest(obj: Record<string, unknown>): Uint8Array {
  return LogsRequest.encode(LogsRequest.fromObject(obj)).finish();
}
