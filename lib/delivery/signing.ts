// Pure: signed delivery URLs. HMAC-SHA256 over the method-less canonical form — path, the sorted
// parameters (sig excluded) and, when bound, the client address — with an expiry. Verified on
// every serve with a constant-time comparison.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const DELIVERY_PREFIX = '/d/';

export interface SignInput {
  /** the source path under the media root, e.g. /photos/a.jpg */
  src: string;
  params: Record<string, string>;
  expiresAt: number; // epoch seconds
  /** bind to one client address */
  clientIp?: string;
}

function canonical(pathname: string, params: URLSearchParams, clientIp: string | undefined): string {
  const entries = [...params.entries()].filter(([k]) => k !== 'sig').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${pathname}\n${entries.map(([k, v]) => `${k}=${v}`).join('&')}\n${clientIp ?? ''}`;
}

const mac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('base64url');

export function signUrl(secret: string, input: SignInput): string {
  const pathname = DELIVERY_PREFIX + input.src.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/');
  const params = new URLSearchParams(input.params);
  params.set('exp', String(input.expiresAt));
  if (input.clientIp) params.set('bind', '1');
  params.set('sig', mac(secret, canonical(pathname, params, input.clientIp)));
  return `${pathname}?${params}`;
}

export type Verdict =
  | { ok: true; src: string; params: URLSearchParams }
  | { ok: false; status: 403 | 410; reason: string };

export function verifyUrl(secret: string, url: URL, clientIp: string, nowSec = Math.floor(Date.now() / 1000)): Verdict {
  const params = url.searchParams;
  const sig = params.get('sig');
  if (!sig) return { ok: false, status: 403, reason: 'unsigned URL' };
  const expected = mac(secret, canonical(url.pathname, params, params.get('bind') === '1' ? clientIp : undefined));
  const a = Buffer.from(sig);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b))
    return {
      ok: false,
      status: 403,
      reason: params.get('bind') === '1' ? 'bad signature (or another client address)' : 'bad signature',
    };
  const exp = Number(params.get('exp'));
  if (!Number.isFinite(exp) || exp < nowSec) return { ok: false, status: 410, reason: 'the URL has expired' };
  let src: string;
  try {
    src = `/${decodeURIComponent(url.pathname.slice(DELIVERY_PREFIX.length))}`;
  } catch {
    return { ok: false, status: 403, reason: 'bad path' };
  }
  return { ok: true, src, params };
}
