// Variant bytes as an HTTP response: strong ETag and 304, the configured cache header, Vary on
// Accept when the format was negotiated, and single byte ranges.
import { config } from '../config';
import type { Optimized } from './service';

/** Pure: a single "bytes=a-b" range against a length; null when absent, 'invalid' when unsatisfiable. */
export function parseRange(header: string | null, length: number): { start: number; end: number } | null | 'invalid' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid';
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, length - Number(m[2])); // suffix: the last N bytes
    end = length - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? length - 1 : Math.min(Number(m[2]), length - 1);
  }
  return start > end || start >= length ? 'invalid' : { start, end };
}

export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*');
}

export function variantResponse(req: Request, out: Pick<Optimized, 'bytes' | 'contentType' | 'etag'>, negotiated: boolean): Response {
  const headers = new Headers({ etag: out.etag, 'cache-control': config().CDN_CACHE_HEADERS_IMAGES, 'accept-ranges': 'bytes', 'x-content-type-options': 'nosniff' });
  if (negotiated) headers.set('vary', 'Accept');
  if (etagMatches(req.headers.get('if-none-match'), out.etag)) return new Response(null, { status: 304, headers });
  headers.set('content-type', out.contentType);
  const range = parseRange(req.headers.get('range'), out.bytes.length);
  if (range === 'invalid') {
    headers.set('content-range', `bytes */${out.bytes.length}`);
    return new Response(null, { status: 416, headers });
  }
  if (range) {
    headers.set('content-range', `bytes ${range.start}-${range.end}/${out.bytes.length}`);
    return new Response(new Uint8Array(out.bytes.subarray(range.start, range.end + 1)), { status: 206, headers });
  }
  return new Response(new Uint8Array(out.bytes), { status: 200, headers });
}
