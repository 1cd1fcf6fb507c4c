// Pure checks on request headers: same-origin for mutations, and where a request came from.
import { redactUrl } from '../net/redact';

/** The header the Redline server sets from the socket; any value a client sends is replaced. */
export const CLIENT_IP_HEADER = 'x-redline-client-ip';

export const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A mutation must come from this console's own origin (or one listed in ALLOWED_ORIGINS).
 * `Origin: null` (sandboxed frames, some redirects) counts as foreign. Without an Origin header,
 * `Sec-Fetch-Site` decides; clients that send neither (curl, scripts) pass here and still need a
 * token or a cookie session with its CSRF token.
 */
export function crossSiteReason(
  headers: Headers,
  requestOrigin: string,
  allowed: readonly string[],
): string | undefined {
  const origin = headers.get('origin');
  if (origin !== null) {
    if (origin === 'null') return 'Origin "null" is not accepted for changes';
    if (origin !== requestOrigin && !allowed.includes(origin)) return `Origin ${origin} may not make changes here`;
    return undefined;
  }
  const site = headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return `cross-site request (${site}) refused`;
  return undefined;
}

/** The origin the client used to reach us, from Host (the custom server keeps it honest). */
export function requestOrigin(url: URL, headers: Headers): string {
  const host = headers.get('host') ?? url.host;
  const proto = headers.get('x-forwarded-proto') === 'https' ? 'https:' : url.protocol;
  return `${proto}//${host}`;
}

/** Replaces concrete dynamic segment values with their [name], so timings group by route. */
export function routePattern(pathname: string, params: Record<string, string | string[]>): string {
  const byValue = new Map<string, string>();
  for (const [name, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) byValue.set(encodeURIComponent(v), `[${name}]`);
  }
  return pathname
    .split('/')
    .map((seg) => byValue.get(seg) ?? seg)
    .join('/');
}

const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie/i;

/** Copies `value` with secrets replaced, for the audit log. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 5) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = SECRET_KEY.test(k)
        ? '[redacted]'
        : k === 'url' && typeof v === 'string'
          ? redactUrl(v, 'destination') // a webhook's token can be its URL's path
          : redact(v, depth + 1);
    return out;
  }
  if (typeof value === 'string' && value.length > 500) return `${value.slice(0, 500)}…`;
  return value;
}
