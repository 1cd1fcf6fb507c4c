// The OTLP/HTTP trace receiver's work: decode, validate span by span and store (in the ingest
// thread), and turn server and consumer spans into RED metrics (rate, errors, duration per service
// and operation) through the metrics store, whose sketches give their percentiles.
import { ownBytes } from '../api/body';
import { databaseTarget, db } from '../db';
import { config } from '../config';
import { metrics } from '../metrics';
import { CardinalityGuard } from '../metrics/cardinality';
import type { Point } from '../metrics/model';
import { once } from '../process/registry';
import { traceIngestWorker } from './ingest-worker-client';
import { spanWriter } from './writer';

export type OtlpEncoding = 'protobuf' | 'json';

export type IngestOutcome =
  | { kind: 'ok'; accepted: number; rejected: number; message: string }
  | { kind: 'bad_request'; message: string }
  | { kind: 'busy'; retryAfterSeconds: number };

const guard = () =>
  once('ingestCardinality', () => new CardinalityGuard(db, () => config().METRICS_MAX_SERIES_PER_METRIC));

export const SPAN_DURATION_METRIC = 'trace_span_duration_ms';

/**
 * Decoding and validation run in the ingest thread, which on SQLite also stores the spans (a 200
 * then means they are in the database); on PostgreSQL they come back and go through the span writer.
 */
export async function ingestTraces(body: Buffer, encoding: OtlpEncoding): Promise<IngestOutcome> {
  const worker = traceIngestWorker();
  const writer = spanWriter();
  if (!worker.hasRoom() || !writer.hasRoom(0)) return { kind: 'busy', retryAfterSeconds: 1 };
  const target = databaseTarget();
  const nowUs = Date.now() * 1000;
  const out = await worker.ingest({
    body: ownBytes(body),
    encoding,
    nowUs,
    oldestUs: nowUs - config().TRACES_RETENTION * 1000,
    sqliteFile: target.provider === 'sqlite' ? target.file : null,
  });
  if (!out.ok) {
    if (out.badRequest) return { kind: 'bad_request', message: out.error };
    console.error(`[tracing] ingest failed: ${out.error}`);
    return { kind: 'busy', retryAfterSeconds: 2 };
  }
  if (out.spans) {
    if (!writer.hasRoom(out.spans.length)) return { kind: 'busy', retryAfterSeconds: 2 };
    writer.add(out.spans);
  }
  const red: Point[] = out.red.map(([service, operation, error, value, ts]) => ({
    name: SPAN_DURATION_METRIC,
    type: 'histogram',
    labels: { service, operation, error: error ? 'true' : 'false' },
    value,
    ts,
  }));
  if (red.length) {
    const refused = await guard().overCap(red);
    metrics().offer(refused.size ? red.filter((_, i) => !refused.has(i)) : red, true);
  }
  metrics().counter('trace_spans_received_total', out.accepted, { outcome: 'accepted' });
  if (out.rejected) metrics().counter('trace_spans_received_total', out.rejected, { outcome: 'rejected' });
  return { kind: 'ok', accepted: out.accepted, rejected: out.rejected, message: out.reasons.join('; ') };
}
