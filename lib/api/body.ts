// Reads a JSON body under a size limit, with clear errors for each way it can be wrong.
// gzip-encoded bodies are accepted; the limit applies to the decompressed size, so a small
// compressed bomb is refused as soon as it inflates past the limit.
import { createGunzip } from 'node:zlib';
import { ApiError } from './errors';

async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

async function collect(source: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new ApiError('payload_too_large', `Body exceeds ${maxBytes} bytes`, { limit: maxBytes });
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

async function gunzipLimited(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const gunzip = createGunzip();
  const feed = (async () => {
    for await (const chunk of chunksOf(body))
      if (!gunzip.write(chunk)) await new Promise((r) => gunzip.once('drain', r));
    gunzip.end();
  })();
  try {
    const out = await collect(gunzip, maxBytes);
    await feed;
    return out;
  } catch (err) {
    gunzip.destroy();
    if (err instanceof ApiError) throw err;
    throw new ApiError('bad_request', 'The body is not valid gzip', { reason: (err as Error).message });
  }
}

/**
 * A JSON body's bytes, checked for type, encoding and size but not parsed: for handlers that parse
 * it elsewhere (metric ingestion parses in a worker thread).
 */
export async function readJsonBytes(req: Request, maxBytes: number): Promise<Buffer> {
  const type = (req.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ApiError('unsupported_media_type', 'Send the body as application/json', { received: type || null });
  }
  const encoding = (req.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    throw new ApiError('unsupported_media_type', 'Content-Encoding must be gzip or absent', { received: encoding });
  }
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (encoding === 'identity' && declared > maxBytes)
    throw new ApiError('payload_too_large', `Body exceeds ${maxBytes} bytes`, { limit: maxBytes });
  if (!req.body) throw new ApiError('bad_request', 'A JSON body is required');
  // A declared length is what Node's HTTP parser lets through, so that body is read in one piece
  // (cheaper than chunk by chunk at ingest rates); without one, chunks count against the limit.
  return encoding === 'gzip'
    ? await gunzipLimited(req.body, maxBytes)
    : req.headers.get('content-length') !== null && Number.isFinite(declared)
      ? Buffer.from(await req.arrayBuffer())
      : await collect(chunksOf(req.body), maxBytes);
}

export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const text = (await readJsonBytes(req, maxBytes)).toString('utf8');
  if (!text.trim()) throw new ApiError('bad_request', 'A JSON body is required');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError('invalid_json', 'The body is not valid JSON', { reason: (err as Error).message });
  }
}

/** A non-JSON body (uploads), under a size limit, without reading past it. */
export async function readRawBody(req: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes)
    throw new ApiError('payload_too_large', `Body exceeds ${maxBytes} bytes`, { limit: maxBytes });
  if (!req.body) throw new ApiError('bad_request', 'A body is required');
  const raw = await collect(chunksOf(req.body), maxBytes);
  if (raw.length === 0) throw new ApiError('bad_request', 'A body is required');
  return raw;
}

/** A non-JSON body that may be gzip-encoded (OTLP exporters compress): the limit is on the inflated size. */
export async function readEncodedBody(req: Request, maxBytes: number): Promise<Buffer> {
  const encoding = (req.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    throw new ApiError('unsupported_media_type', 'Content-Encoding must be gzip or absent', { received: encoding });
  }
  if (encoding === 'identity') return readRawBody(req, maxBytes);
  if (!req.body) throw new ApiError('bad_request', 'A body is required');
  return gunzipLimited(req.body, maxBytes);
}

/** A body's bytes in an ArrayBuffer of their own, to transfer to a worker thread: a small Buffer may be a view into Node's shared pool. */
export function ownBytes(buf: Buffer): Uint8Array<ArrayBuffer> {
  const whole = buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength && buf.buffer instanceof ArrayBuffer;
  return whole ? new Uint8Array(buf.buffer as ArrayBuffer) : new Uint8Array(buf);
}
