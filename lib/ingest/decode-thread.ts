// The decode pool's entry (lib/process/pool.ts): request bodies, handed over without a copy, become
// what the bulk writer stores — a metric batch in columnar form, or span rows serialized into one
// buffer — without the main thread ever parsing a body or holding its objects. This module runs
// only on those threads: the span-row caches below are each thread's own.
import { serialize } from 'node:v8';
import type { Rejected } from '../metrics/ingest';
import { type ParsedBatch, type ParseOutcome, parseIngestBody, pointsOf } from '../metrics/ingest-parse';
import { liveSummary } from '../metrics/live';
import { metricRows } from '../metrics/rows';
import type { SpanRecord } from '../tracing/model';
import { decodeJson, decodeProtobuf, normalize, OtlpDecodeError } from '../tracing/otlp';
import { logRows, newCaches, spanRows } from '../tracing/rows';
import { decodeLogsJson, decodeLogsProtobuf, normalizeLogs } from '../tracing/otlp-logs';
import { keepTrace } from '../tracing/rate-limit';
import { groupForTail, type HeldTrace, type TailPolicy } from '../tracing/tail';
import { decodeZipkin } from '../tracing/zipkin';
import type { DerivedRows, SpanRowSet } from './jobs';

export interface MetricsInput {
  body: Uint8Array<ArrayBuffer>;
  now: number;
  oldestMs: number;
  maxItems: number;
  /** the instance the live views name */
  instance: string;
}

/**
 * What the main thread gets back: the distinct series (name, labels key) for the cardinality cap,
 * the items refused and the number of points — and the batch for the writer, serialized into one
 * buffer it passes on without reading (a MetricsPayload).
 */
export type MetricsOutcome =
  | Extract<ParseOutcome, { ok: false }>
  | { ok: true; series: [string, string][]; rejected: Rejected[]; points: number; payload: Uint8Array<ArrayBuffer> };

/** The batch as the writer thread takes it. */
export interface MetricsPayload {
  batch: ParsedBatch;
  derived: DerivedRows;
}

/**
 * A metric ingest body as a columnar batch (or why it is refused), with the rows it stores and its
 * live summary worked out here, on a decode thread, rather than on the one writer thread.
 */
export function parseMetrics(m: MetricsInput): MetricsOutcome {
  const out = parseIngestBody(m.body, m.now, m.oldestMs, m.maxItems);
  if (!out.ok) return out;
  const batch = out.batch;
  const points = pointsOf(batch);
  const payload: MetricsPayload = {
    batch,
    derived: { rows: metricRows(points), live: liveSummary(points, m.instance) },
  };
  const b = serialize(payload);
  return {
    ok: true,
    series: batch.series.map(([, name, key]) => [name, key]),
    rejected: batch.rejected,
    points: batch.values.length,
    payload: new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength),
  };
}

export interface TracesInput {
  body: Uint8Array<ArrayBuffer>;
  /** OTLP's two encodings, or Zipkin's v2 JSON span list */
  encoding: 'protobuf' | 'json' | 'zipkin';
  nowUs: number;
  oldestUs: number;
  /** the share of traces stored (lib/tracing/rate-limit.ts); the rest are sampled out */
  keepRatio: number;
  /** the tail decision's policy: traces over the limit wait for it (lib/tracing/tail.ts); null: dropped at once */
  tail: TailPolicy | null;
}

/** [service, operation, error, duration ms, start ms] of a span that starts work in a service */
export type RedTuple = [string, string, boolean, number, number];

export type TracesOutcome =
  | {
      ok: true;
      accepted: number;
      rejected: number;
      reasons: string[];
      red: RedTuple[];
      /** new traces in the export (root spans), kept or not: the arrival rate the limit follows */
      traces: number;
      /** valid spans not stored now: their trace was over the rate limit */
      sampledOut: number;
      /** those spans by trace, as rows, for the tail decision (empty without a tail policy) */
      held: HeldTrace[];
      /** the accepted spans' rows (node:v8 serialized SpanRowSet), for the bulk writer */
      rows: Uint8Array<ArrayBuffer> | null;
    }
  | { ok: false; error: string };

// Module state: this file is a decode thread's entry; the span-row caches are that thread's.
const caches = newCaches();

function red(spans: readonly SpanRecord[]): RedTuple[] {
  const out: RedTuple[] = [];
  for (const s of spans)
    if (s.kind === 2 || s.kind === 5 || !s.parentId)
      out.push([s.service, s.name, s.status === 2, s.durationUs / 1000, Math.floor(s.startUs / 1000)]);
  return out;
}

/**
 * A body decoded by `protobuf` when given, else parsed as JSON and read by `json`; a decoder's
 * refusal (OtlpDecodeError) or invalid JSON is the error the 400 names.
 */
function decodeBody<T>(
  body: Uint8Array<ArrayBuffer>,
  protobuf: ((b: Uint8Array) => T) | undefined,
  json: (value: unknown) => T,
): { value: T } | { error: string } {
  try {
    if (protobuf) return { value: protobuf(body) };
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
    } catch (err) {
      return { error: `The body is not valid JSON: ${(err as Error).message}` };
    }
    return { value: json(parsed) };
  } catch (err) {
    if (err instanceof OtlpDecodeError) return { error: err.message };
    throw err;
  }
}

/** Spans as rows, serialized into one buffer the main thread passes on without reading. */
export function serializeRows(rows: SpanRowSet): Uint8Array<ArrayBuffer> {
  const b = serialize(rows);
  return new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength);
}

/** An OTLP export request (protobuf or JSON): decoded, validated, its spans as rows. */
export function decodeTraces(m: TracesInput): TracesOutcome {
  const decoded = decodeBody(m.body, m.encoding === 'protobuf' ? decodeProtobuf : undefined, (json) =>
    m.encoding === 'zipkin' ? decodeZipkin(json) : decodeJson(json),
  );
  if ('error' in decoded) return { ok: false, error: decoded.error };
  const { spans, rejected, reasons } = normalize(decoded.value, m.nowUs, m.oldestUs);
  // RED figures count every valid span; only the traces under the rate limit are stored.
  let traces = 0;
  for (const s of spans) if (!s.parentId) traces++;
  const kept = m.keepRatio >= 1 ? spans : spans.filter((s) => keepTrace(s.traceId, m.keepRatio));
  const held: HeldTrace[] = [];
  if (m.tail && kept.length < spans.length) {
    const out = spans.filter((s) => !keepTrace(s.traceId, m.keepRatio));
    // Each held trace carries its own resource and autocomplete rows (fresh caches): whether it is
    // stored is decided later, apart from the others.
    for (const [traceId, g] of groupForTail(out, m.tail))
      held.push({
        traceId,
        spans: g.spans.length,
        error: g.error,
        slow: g.slow,
        rows: serializeRows(spanRows(g.spans, newCaches())),
      });
  }
  return {
    ok: true,
    accepted: spans.length,
    rejected,
    reasons,
    red: red(spans),
    traces,
    sampledOut: spans.length - kept.length,
    held,
    rows: kept.length ? serializeRows(spanRows(kept, caches)) : null,
  };
}

export interface LogsInput {
  body: Uint8Array<ArrayBuffer>;
  encoding: 'protobuf' | 'json';
  nowUs: number;
  oldestUs: number;
}

export type LogsOutcome =
  | {
      ok: true;
      accepted: number;
      rejected: number;
      reasons: string[];
      /** the accepted records' rows (a serialized SpanRowSet with `logs`), for the bulk writer */
      rows: Uint8Array<ArrayBuffer> | null;
    }
  | { ok: false; error: string };

/** An OTLP logs export (protobuf or JSON): decoded, validated, its records as rows. */
export function decodeLogs(m: LogsInput): LogsOutcome {
  const decoded = decodeBody(m.body, m.encoding === 'protobuf' ? decodeLogsProtobuf : undefined, decodeLogsJson);
  if ('error' in decoded) return { ok: false, error: decoded.error };
  const { logs, rejected, reasons } = normalizeLogs(decoded.value, m.nowUs, m.oldestUs);
  const rows = logs.length ? logRows(logs, caches) : null;
  return {
    ok: true,
    accepted: logs.length,
    rejected,
    reasons,
    rows: rows ? serializeRows({ spans: [], attributes: [], resources: rows.resources, logs: rows.logs }) : null,
  };
}
