// Every user-configured outbound destination goes through here: one address policy per kind of
// destination, built from the runtime setting that opens private ranges for that kind (audited
// like every setting; none are open by default).
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { liveSetting } from '../settings/live';
import { AddressPolicy, parseRanges } from './address-policy';
import { FetchRefused, type GuardedRequestOptions, type GuardedResponse, guardedRequest } from './guarded-fetch';

export const OUTBOUND_KINDS = {
  images: 'outbound.allowRanges.images',
  scrape: 'outbound.allowRanges.scrape',
  webhook: 'outbound.allowRanges.webhook',
  smtp: 'outbound.allowRanges.smtp',
  cdnHealth: 'outbound.allowRanges.cdnHealth',
} as const;
export type OutboundKind = keyof typeof OUTBOUND_KINDS;

export function outboundPolicy(kind: OutboundKind): AddressPolicy {
  return new AddressPolicy(parseRanges(liveSetting(OUTBOUND_KINDS[kind])));
}

/** An HTTP request to a destination of this kind; any host, every address under the kind's policy. */
export function outboundRequest(
  kind: OutboundKind,
  url: string,
  opts: Omit<GuardedRequestOptions, 'policy' | 'hosts'> & { hosts?: GuardedRequestOptions['hosts'] },
): Promise<GuardedResponse> {
  return guardedRequest(url, { hosts: 'any', ...opts, policy: outboundPolicy(kind) });
}

/**
 * The address to connect to for a host (SMTP): every address it resolves to must pass the kind's
 * policy, and the caller connects to the one returned, so a second DNS answer cannot differ.
 */
export async function resolveOutbound(kind: OutboundKind, host: string): Promise<string> {
  const policy = outboundPolicy(kind);
  const bare = host.replace(/^\[|\]$/g, '');
  const addresses = isIP(bare) ? [{ address: bare }] : await lookup(bare, { all: true }).catch(() => []);
  if (!addresses.length) throw new FetchRefused(`${host} does not resolve`, 'failed');
  for (const a of addresses) {
    const v = policy.check(a.address);
    if (!v.allowed) throw new FetchRefused(`${host} resolves to ${a.address}, a ${v.reason} address`, 'refused');
  }
  return (addresses[0] as { address: string }).address;
}

/**
 * A short reason for a log any viewer reads: what failed and the status or error code, never the
 * remote end's reply (which could be an internal service's answer).
 */
export function sanitizedReason(err: unknown): string {
  if (err instanceof FetchRefused) return err.message.slice(0, 200);
  const e = (err ?? {}) as {
    message?: unknown;
    status?: unknown;
    code?: unknown;
    responseCode?: unknown;
    name?: unknown;
  };
  if (typeof e.status === 'number') return `HTTP ${e.status}`;
  if (typeof e.responseCode === 'number')
    return `SMTP ${e.responseCode}${typeof e.code === 'string' ? ` (${e.code})` : ''}`;
  if (e.name === 'TimeoutError') return 'timed out';
  const msg = typeof e.message === 'string' ? e.message : '';
  // Node's own socket errors name a code and an address ("connect ECONNREFUSED 10.0.0.5:25").
  if (/^(connect|getaddrinfo|read|write) E[A-Z]+/.test(msg)) return msg.slice(0, 160);
  if (typeof e.code === 'string') return e.code;
  return 'failed';
}
