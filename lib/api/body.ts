// Reads a JSON body under a size limit, with clear errors for each way it can be wrong.
import { ApiError } from './errors';

export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const type = (req.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ApiError('unsupported_media_type', 'Send the body as application/json', { received: type || null });
  }
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new ApiError('payload_too_large', `Body exceeds ${maxBytes} bytes`, { limit: maxBytes });
  if (!req.body) throw new ApiError('bad_request', 'A JSON body is required');
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new ApiError('payload_too_large', `Body exceeds ${maxBytes} bytes`, { limit: maxBytes });
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) throw new ApiError('bad_request', 'A JSON body is required');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError('invalid_json', 'The body is not valid JSON', { reason: (err as Error).message });
  }
}
