// The OTLP/HTTP trace receiver's work: decode, validate span by span, hand the valid ones to the
// span writer, and turn server and consumer spans into RED metrics (rate, errors, duration per
// service and operation) through the metrics store, whose sketches give their percentiles.
import { db } from '../db';
import { config } from '../config';
import { metrics } from '../metrics';
import { CardinalityGuard } from '../metrics/cardinality';
import type { Point } from '../metrics/model';
import { once } from '../process/registry';
import type { SpanRecord } from './model';
import { decodeJson, decodeProtobuf, normalize } from './otlp';
import { spanWriter } from './writer';

export type OtlpEncoding = 'protobuf' | 'json';

export type IngestOutcome =
  | { kind: 'ok'; accepted: number; rejected: number; message: string }
  | { kind: 'bad_request'; message: string }
  | { kind: 'busy'; retryAfterSeconds: number };

const guard = () =>
  once('ingestCardinality', () => new CardinalityGuard(db, () => config().METRICS_MAX_SERIES_PER_METRIC));

export const SPAN_DURATION_METRIC = 'trace_span_duration_ms';

/** RED points of the spans that start work in a service (server and consumer spans, and roots). */
export function redPoints(spans: readonly SpanRecord[]): Point[] {
  const out: Point[] = [];
  for (const s of spans) {
    if (s.kind !== 2 && s.kind !== 5 && s.parentId) continue;
    out.push({
      name: SPAN_DURATION_METRIC,
      type: 'histogram',
      labels: { service: s.service, operation: s.name, error: s.status === 2 ? 'true' : 'false' },
      value: s.durationUs / 1000,
      ts: Math.floor(s.startUs / 1000),
    });
  }
  return out;
}

export async function ingestTraces(body: Buffer, encoding: OtlpEncoding): Promise<IngestOutcome> {
  let decoded: ReturnType<typeof decodeProtobuf>;
  try {
    if (encoding === 'protobuf') decoded = decodeProtobuf(body);
    else {
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch (err) {
        return { kind: 'bad_request', message: `The body is not valid JSON: ${(err as Error).message}` };
      }
      decoded = decodeJson(json);
    }
  } catch (err) {
    return { kind: 'bad_request', message: (err as Error).message };
  }
  const nowUs = Date.now() * 1000;
  const { spans, rejected, reasons } = normalize(decoded, nowUs, nowUs - config().TRACES_RETENTION * 1000);
  const writer = spanWriter();
  if (!writer.hasRoom(spans.length)) return { kind: 'busy', retryAfterSeconds: 2 };
  writer.add(spans);
  const red = redPoints(spans);
  if (red.length) {
    const refused = await guard().overCap(red);
    metrics().offer(red.filter((_, i) => !refused.has(i)));
  }
  metrics().counter('trace_spans_received_total', spans.length, { outcome: 'accepted' });
  if (rejected) metrics().counter('trace_spans_received_total', rejected, { outcome: 'rejected' });
  return { kind: 'ok', accepted: spans.length, rejected, message: reasons.join('; ') };
}
