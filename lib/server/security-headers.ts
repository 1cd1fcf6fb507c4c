// Pure: the security headers every answer carries, and the Content-Security-Policy of pages (a
// fresh nonce per response for Next's and MUI's scripts: no inline script runs without it).

/** The request header the server sets with the page's nonce (any value a client sends is replaced). */
export const NONCE_HEADER = 'x-redline-nonce';

export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()',
  'cross-origin-opener-policy': 'same-origin',
};

/** API answers and files: nothing in them may run, load or be framed. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/**
 * Pages: scripts only with this response's nonce (and what they load, 'strict-dynamic'); styles
 * inline, since MUI and React Flow set element styles; no framing, plugins or foreign forms.
 * Development adds what Next's hot reload needs (eval and its WebSocket).
 */
export function pageCsp(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Is this path answered by a page (HTML or its React Server Component payload)? */
export function isPagePath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return (
    !path.startsWith('/api/') && !path.startsWith('/_next/') && !path.startsWith('/d/') && !path.startsWith('/v1/')
  );
}
