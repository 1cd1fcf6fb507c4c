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

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body?: Buffer;
}

/** The reply for a variant, whatever the server: Next's Response or the lean delivery listener. */
export function variantReply(
  ifNoneMatch: string | null,
  rangeHeader: string | null,
  out: Pick<Optimized, 'bytes' | 'contentType' | 'etag'>,
  negotiated: boolean,
): Reply {
  const headers: Record<string, string> = {
    etag: out.etag,
    'cache-control': config().CDN_CACHE_HEADERS_IMAGES,
    'accept-ranges': 'bytes',
    'x-content-type-options': 'nosniff',
  };
  if (negotiated) headers.vary = 'Accept';
  if (etagMatches(ifNoneMatch, out.etag)) return { status: 304, headers };
  headers['content-type'] = out.contentType;
  const range = parseRange(rangeHeader, out.bytes.length);
  if (range === 'invalid')
    return { status: 416, headers: { ...headers, 'content-range': `bytes */${out.bytes.length}` } };
  if (range)
    return {
      status: 206,
      headers: { ...headers, 'content-range': `bytes ${range.start}-${range.end}/${out.bytes.length}` },
      body: out.bytes.subarray(range.start, range.end + 1),
    };
  return { status: 200, headers, body: out.bytes };
}

export function variantResponse(
  req: Request,
  out: Pick<Optimized, 'bytes' | 'contentType' | 'etag'>,
  negotiated: boolean,
): Response {
  const r = variantReply(req.headers.get('if-none-match'), req.headers.get('range'), out, negotiated);
  return new Response(r.body ? new Uint8Array(r.body) : null, { status: r.status, headers: r.headers });
}
