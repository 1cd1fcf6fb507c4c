// An OTLP export: decoded and validated on a decode thread (its spans come back as serialized rows
// the main thread does not read), stored by the bulk writer, answered once stored. Server spans
// also become RED points of trace_span_duration_ms in the metrics store.
import { ownBytes } from '../api/body';
import { config } from '../config';
import { bulkWriter } from '../ingest/bulk-writer';
import { decodePool } from '../ingest/decode-pool';
import type { LogsInput, LogsOutcome, TracesInput, TracesOutcome } from '../ingest/decode-thread';
import { metrics, type Point } from '../metrics';
import { ingestCardinality } from '../metrics/cardinality';
import { isPoolError } from '../process/pool';
import { liveSetting } from '../settings/live';
import { SAMPLED_METRIC, traceArrivals } from './rate-limit';
import { tailBuffer, tailPolicy } from './tail-buffer';

export type OtlpEncoding = 'protobuf' | 'json';
/** What a receiver hands over: OTLP in either encoding, or Zipkin's v2 JSON. */
export type TraceEncoding = OtlpEncoding | 'zipkin';

export type IngestOutcome =
  | { kind: 'ok'; accepted: number; rejected: number; message: string }
  | { kind: 'bad_request'; message: string }
  | { kind: 'busy'; retryAfterSeconds: number };

export const SPAN_DURATION_METRIC = 'trace_span_duration_ms';

async function decode(body: Buffer, encoding: TraceEncoding): Promise<TracesOutcome | IngestOutcome> {
  const nowUs = Date.now() * 1000;
  const input: TracesInput = {
    body: ownBytes(body),
    encoding,
    nowUs,
    oldestUs: nowUs - config().TRACES_RETENTION * 1000,
    keepRatio: traceArrivals().keepRatio(liveSetting('monitoring.tracing.maxTracesPerSecond')),
    tail: tailPolicy(),
  };
  return decodeOnThread<TracesInput, TracesOutcome>('decodeTraces', input);
}

/** A decode-thread task; a full pool is "busy" (503), a thread that failed on the body a 400. */
async function decodeOnThread<I extends { body: Uint8Array<ArrayBuffer> }, O>(
  task: string,
  input: I,
): Promise<O | IngestOutcome> {
  try {
    return await decodePool().run<I, O>(task, input, { transfer: [input.body.buffer], timeoutMs: 30_000 });
  } catch (err) {
    if (!isPoolError(err)) throw err;
    if (err.kind === 'busy' || err.kind === 'closed') return { kind: 'busy', retryAfterSeconds: 1 };
    return { kind: 'bad_request', message: `The export could not be decoded (${err.message})` };
  }
}

/** Room was checked once, before the body was read (server.ts refuses ingestion while the writer is behind). */
export async function ingestTraces(body: Buffer, encoding: TraceEncoding): Promise<IngestOutcome> {
  const writer = bulkWriter();
  const out = await decode(body, encoding);
  if ('kind' in out) return out;
  if (!out.ok) return { kind: 'bad_request', message: out.error };
  traceArrivals().add(out.traces);
  // Over the limit: held for the tail decision, which counts them kept or dropped; or dropped now.
  if (out.held.length) tailBuffer().hold(out.held);
  else if (out.sampledOut)
    metrics().counter(SAMPLED_METRIC, out.sampledOut, { decision: 'dropped', reason: 'rate_limit' });
  if (out.accepted > out.sampledOut)
    metrics().counter(SAMPLED_METRIC, out.accepted - out.sampledOut, { decision: 'kept', reason: 'rate_limit' });
  if (out.rows) {
    try {
      await writer.write({ kind: 'spans', rows: out.rows }, [out.rows.buffer]);
    } catch (err) {
      if (isPoolError(err)) return { kind: 'busy', retryAfterSeconds: 2 };
      throw err;
    }
  }
  const red: Point[] = out.red.map(([service, operation, error, value, ts]) => ({
    name: SPAN_DURATION_METRIC,
    type: 'histogram',
    labels: { service, operation, error: error ? 'true' : 'false' },
    value,
    ts,
  }));
  if (red.length) {
    const refused = await ingestCardinality().overCap(red);
    metrics().offer(refused.size ? red.filter((_, i) => !refused.has(i)) : red, true);
  }
  metrics().counter('trace_spans_received_total', out.accepted, { outcome: 'accepted' });
  if (out.rejected) metrics().counter('trace_spans_received_total', out.rejected, { outcome: 'rejected' });
  return { kind: 'ok', accepted: out.accepted, rejected: out.rejected, message: out.reasons.join('; ') };
}

/** An OTLP logs export: decoded on a decode thread, stored by the bulk writer, answered once stored. */
export async function ingestLogs(body: Buffer, encoding: OtlpEncoding): Promise<IngestOutcome> {
  const nowUs = Date.now() * 1000;
  const input: LogsInput = {
    body: ownBytes(body),
    encoding,
    nowUs,
    oldestUs: nowUs - config().TRACES_RETENTION * 1000,
  };
  const out = await decodeOnThread<LogsInput, LogsOutcome>('decodeLogs', input);
  if ('kind' in out) return out;
  if (!out.ok) return { kind: 'bad_request', message: out.error };
  if (out.rows) {
    try {
      await bulkWriter().write({ kind: 'spans', rows: out.rows }, [out.rows.buffer]);
    } catch (err) {
      if (isPoolError(err)) return { kind: 'busy', retryAfterSeconds: 2 };
      throw err;
    }
  }
  metrics().counter('trace_logs_received_total', out.accepted, { outcome: 'accepted' });
  if (out.rejected) metrics().counter('trace_logs_received_total', out.rejected, { outcome: 'rejected' });
  return { kind: 'ok', accepted: out.accepted, rejected: out.rejected, message: out.reasons.join('; ') };
}
