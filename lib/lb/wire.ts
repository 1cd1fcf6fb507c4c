// Pure: the bytes the proxy writes. Request heads to backends and response heads to clients,
// hop-by-hop headers dropped (RFC 9110 §7.6.1) and framing chosen for each side, and chunked
// transfer coding for bodies whose length is not known up front.

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
// Only names of these lengths can be hop-by-hop or content-length: most headers skip toLowerCase.
const WATCHED_LENGTHS = new Set([...HOP_BY_HOP, 'content-length'].map((h) => h.length));

export const isHopByHop = (lowerName: string): boolean => HOP_BY_HOP.has(lowerName);

/** The request line and headers for a backend; `chunked` when the client's body is chunked. */
export function requestHead(
  method: string,
  target: string,
  headers: readonly string[],
  opts: { chunked: boolean; host?: string },
): string {
  let s = `${method} ${target} HTTP/1.1\r\n`;
  for (let i = 0; i + 1 < headers.length; i += 2) s += `${headers[i]}: ${headers[i + 1]}\r\n`;
  if (opts.host) s += `host: ${opts.host}\r\n`;
  if (opts.chunked) s += 'transfer-encoding: chunked\r\n';
  return `${s}\r\n`;
}

/** How the response body travels to the client. */
export type Framing = 'none' | 'length' | 'chunked' | 'close';

export interface ResponseHeadInput {
  status: number;
  reason: string;
  /** the backend's headers, flat [name, value, …] */
  headers: readonly string[];
  /** the request was HEAD, or the status has no body (1xx, 204, 304) */
  bodiless: boolean;
  /** the client speaks HTTP/1.1 (chunked allowed) rather than 1.0 */
  http11: boolean;
  /** the connection stays open after this response */
  keepAlive: boolean;
  /** extra headers the proxy adds (a sticky cookie) */
  extra?: readonly string[];
}

/** The status line and headers for the client, and the framing its body takes. */
export function responseHead(r: ResponseHeadInput): { head: string; framing: Framing; keepAlive: boolean } {
  let s = `HTTP/1.1 ${r.status} ${r.reason}\r\n`;
  let length = false;
  for (let i = 0; i + 1 < r.headers.length; i += 2) {
    const k = r.headers[i] as string;
    if (WATCHED_LENGTHS.has(k.length)) {
      const lk = k.toLowerCase();
      if (HOP_BY_HOP.has(lk)) continue;
      if (lk === 'content-length') length = true;
    }
    s += `${k}: ${r.headers[i + 1]}\r\n`;
  }
  if (r.extra) for (let i = 0; i + 1 < r.extra.length; i += 2) s += `${r.extra[i]}: ${r.extra[i + 1]}\r\n`;
  let framing: Framing;
  let keepAlive = r.keepAlive;
  if (r.bodiless) framing = 'none';
  else if (length) framing = 'length';
  else if (r.http11) {
    framing = 'chunked';
    s += 'transfer-encoding: chunked\r\n';
  } else {
    // An HTTP/1.0 client without a length: the end of the body is the end of the connection.
    framing = 'close';
    keepAlive = false;
  }
  if (!keepAlive) s += 'connection: close\r\n';
  else if (!r.http11) s += 'connection: keep-alive\r\n';
  return { head: `${s}\r\n`, framing, keepAlive };
}

/** The size line that precedes a chunk of a chunked body. */
export const chunkHeader = (length: number): string => `${length.toString(16)}\r\n`;
export const CHUNK_END = '\r\n';
export const LAST_CHUNK = '0\r\n\r\n';

/** A plain answer from the proxy itself (503, 502, 504, 400 …). */
export function plainResponse(
  status: number,
  reason: string,
  body: string,
  headers: Record<string, string>,
  keepAlive: boolean,
): string {
  let s = `HTTP/1.1 ${status} ${reason}\r\n`;
  for (const [k, v] of Object.entries(headers)) s += `${k}: ${v}\r\n`;
  s += `content-length: ${Buffer.byteLength(body)}\r\n`;
  if (!keepAlive) s += 'connection: close\r\n';
  return `${s}\r\n${body}`;
}
