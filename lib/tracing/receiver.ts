// OTLP/HTTP answers: the body in the request's own encoding (protobuf or JSON) — an
// ExportTraceServiceResponse with partial success, or a google.rpc.Status on error — and
// Retry-After on 429/503 so exporters back off and retry instead of dropping the batch.
import { ApiError, ERROR_STATUS } from '../api/errors';
import { readEncodedBody } from '../api/body';
import { config } from '../config';
import { type IngestOutcome, ingestLogs, ingestTraces, type OtlpEncoding } from './ingest';
import { encodeResponse, encodeStatus } from './otlp';
import { encodeLogsResponse } from './otlp-logs';

const TYPES: Record<string, OtlpEncoding> = {
  'application/x-protobuf': 'protobuf',
  'application/protobuf': 'protobuf',
  'application/json': 'json',
};

function answer(
  status: number,
  body: Uint8Array | string,
  encoding: OtlpEncoding,
  headers: Record<string, string> = {},
) {
  return new Response(typeof body === 'string' ? body : Buffer.from(body), {
    status,
    headers: {
      'content-type': encoding === 'protobuf' ? 'application/x-protobuf' : 'application/json',
      'cache-control': 'no-store',
      ...headers,
    },
  });
}

// gRPC status codes OTLP/HTTP carries in Status.code.
const GRPC = { 400: 3, 413: 3, 415: 3, 429: 8, 501: 12, 503: 14 } as Record<number, number>;

function error(status: number, message: string, encoding: OtlpEncoding, retryAfter?: number): Response {
  return answer(
    status,
    encodeStatus(GRPC[status] ?? 2, message, encoding === 'protobuf'),
    encoding,
    retryAfter ? { 'retry-after': String(retryAfter) } : {},
  );
}

/** One OTLP/HTTP signal: content type, body within the cap, ingest, the answer in the request's encoding. */
async function receiveOtlp(
  req: Request,
  ingest: (body: Buffer, encoding: OtlpEncoding) => Promise<IngestOutcome>,
  success: (rejected: number, message: string, protobufBody: boolean) => Uint8Array | string,
  what: string,
): Promise<Response> {
  const type = (req.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const encoding = TYPES[type];
  if (!encoding) return error(415, 'Send application/x-protobuf or application/json', 'json');
  let body: Buffer;
  try {
    body = await readEncodedBody(req, config().TRACES_MAX_BODY_BYTES);
  } catch (err) {
    if (err instanceof ApiError) return error(ERROR_STATUS[err.code], err.message, encoding);
    throw err;
  }
  const out = await ingest(body, encoding);
  if (out.kind === 'bad_request') return error(400, out.message, encoding);
  if (out.kind === 'busy')
    return error(503, `Redline is writing a backlog of ${what}; retry shortly`, encoding, out.retryAfterSeconds);
  return answer(200, success(out.rejected, out.message, encoding === 'protobuf'), encoding);
}

export const receiveTraces = (req: Request): Promise<Response> =>
  receiveOtlp(req, ingestTraces, encodeResponse, 'spans');

/** OTLP logs (POST /v1/logs): the same pipeline and answers; ExportLogsServiceResponse on success. */
export const receiveLogs = (req: Request): Promise<Response> =>
  receiveOtlp(req, ingestLogs, encodeLogsResponse, 'log records');

/**
 * Zipkin's v2 JSON (POST /api/v2/spans): the same pipeline as OTLP. Zipkin answers 202 once
 * accepted; here that is once stored, with what was kept and refused in the body. A list with
 * nothing valid in it is a 400 naming why.
 */
export async function receiveZipkin(req: Request): Promise<Response> {
  const json = (status: number, body: object, headers: Record<string, string> = {}) =>
    Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });
  const fail = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
    json(status, { error: { code, message } }, headers);
  const type = (req.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'application/json')
    return fail(415, 'unsupported_media_type', 'Send Zipkin v2 spans as application/json (a JSON list of spans)');
  let body: Buffer;
  try {
    body = await readEncodedBody(req, config().TRACES_MAX_BODY_BYTES);
  } catch (err) {
    if (err instanceof ApiError) return fail(ERROR_STATUS[err.code], err.code, err.message);
    throw err;
  }
  const out = await ingestTraces(body, 'zipkin');
  if (out.kind === 'bad_request') return fail(400, 'bad_request', out.message);
  if (out.kind === 'busy')
    return fail(503, 'unavailable', 'Redline is writing a backlog of spans; retry shortly', {
      'retry-after': String(out.retryAfterSeconds),
    });
  if (out.accepted === 0 && out.rejected > 0) return fail(400, 'bad_request', `No span was valid: ${out.message}`);
  return json(202, { accepted: out.accepted, rejected: out.rejected, message: out.message });
}

/**
 * A signal Redline does not take yet (logs, metrics over OTLP), answered as OTLP answers: a
 * google.rpc.Status (UNIMPLEMENTED) in the request's encoding with 501, which exporters do not
 * retry, so the SDK's log names what is missing instead of "Not Found".
 */
export async function unsupportedSignal(req: Request): Promise<Response> {
  const type = (req.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return error(
    501,
    'OTLP metrics are not accepted yet: send metrics to POST /api/ingest/metrics, or let Redline scrape a Prometheus endpoint; traces go to /v1/traces, logs to /v1/logs',
    TYPES[type] ?? 'json',
  );
}
