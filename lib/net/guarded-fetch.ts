// Outbound HTTP to user-supplied URLs (remote images, scrape targets, webhooks, CDN probes):
// http(s) only, no credentials in the URL, an optional host allowlist, and every address checked
// where it matters — on the resolved address at connect time (a DNS answer cannot swap in
// 127.0.0.1 after a check) and again on each redirect hop. Bounded in size and time.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { type AddressPolicy, hostAllowed } from './address-policy';
import { traceChild } from '../observability/context';

export interface GuardedRequestOptions {
  policy: AddressPolicy;
  /** hosts a URL may name ('*.example.com' allowed); 'any' leaves only the address policy */
  hosts: readonly string[] | 'any';
  /** what the allowlist is called in messages (e.g. IMAGE_REMOTE_HOSTS) */
  hostsName?: string;
  method?: 'GET' | 'POST' | 'HEAD';
  headers?: Record<string, string>;
  body?: string | Buffer;
  maxBytes: number;
  timeoutMs: number;
  /** redirects followed (GET only; each hop checked again). Default 3 for GET, 0 otherwise. */
  maxRedirects?: number;
}

export class FetchRefused extends Error {
  constructor(
    message: string,
    /** 'refused': the URL or address is not allowed; 'too_large'; 'failed': the remote end did not deliver */
    readonly kind: 'refused' | 'too_large' | 'failed',
  ) {
    super(message);
    this.name = 'FetchRefused';
  }
}

export interface GuardedResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  bytes: Buffer;
  finalUrl: string;
}

function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      for (const a of addresses) {
        const verdict = policy.check(a.address);
        if (!verdict.allowed)
          return callback(
            new FetchRefused(`${hostname} resolves to ${a.address}, a ${verdict.reason} address`, 'refused'),
            '',
            0,
          );
      }
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new FetchRefused(`${hostname} has no address`, 'failed'), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

/** The URL, if it may be fetched at all (scheme, credentials, allowlist, literal addresses). */
export function checkUrl(raw: string, opts: Pick<GuardedRequestOptions, 'policy' | 'hosts' | 'hostsName'>): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchRefused(`not a URL: ${raw.slice(0, 200)}`, 'refused');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new FetchRefused(`only http and https URLs are fetched, not ${url.protocol}`, 'refused');
  if (url.username || url.password) throw new FetchRefused('URLs with credentials are not fetched', 'refused');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (opts.hosts !== 'any' && !hostAllowed(host, opts.hosts))
    throw new FetchRefused(`${host} is not on the host allowlist (${opts.hostsName ?? 'allowed hosts'})`, 'refused');
  // An IP literal never goes through DNS lookup, so it is checked here.
  if (isIP(host)) {
    const verdict = opts.policy.check(host);
    if (!verdict.allowed) throw new FetchRefused(`${host} is a ${verdict.reason} address`, 'refused');
  }
  return url;
}

function requestOnce(url: URL, opts: GuardedRequestOptions, signal: AbortSignal): Promise<GuardedResponse> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(
      url,
      { method: opts.method ?? 'GET', lookup: guardedLookup(opts.policy), signal, headers: opts.headers },
      (res) => {
        const status = res.statusCode ?? 0;
        const declared = Number(res.headers['content-length'] ?? 0);
        if (declared > opts.maxBytes) {
          res.destroy();
          return reject(new FetchRefused(`the answer is ${declared} bytes; at most ${opts.maxBytes}`, 'too_large'));
        }
        const parts: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > opts.maxBytes) {
            res.destroy();
            reject(new FetchRefused(`the answer exceeds ${opts.maxBytes} bytes`, 'too_large'));
            return;
          }
          parts.push(chunk);
        });
        res.on('end', () =>
          resolve({ status, headers: res.headers, bytes: Buffer.concat(parts), finalUrl: url.toString() }),
        );
        res.on('error', (e) => reject(new FetchRefused(`reading ${url.host} failed: ${e.message}`, 'failed')));
      },
    );
    req.on('error', (e) =>
      reject(
        e instanceof FetchRefused ? e : new FetchRefused(`connecting to ${url.host} failed: ${e.message}`, 'failed'),
      ),
    );
    req.end(opts.body);
  });
}

/**
 * One request (and, for GET, its redirects) under the address policy; any status is returned. It
 * is a client span of the request it serves, when that is traced (the URL without its query,
 * which may carry credentials).
 */
export async function guardedRequest(raw: string, opts: GuardedRequestOptions): Promise<GuardedResponse> {
  const started = performance.now();
  const method = opts.method ?? 'GET';
  const span = (url: URL | null, status: number | null) =>
    traceChild(
      {
        name: `${method} ${url?.host ?? 'outbound'}`,
        kind: 3,
        attributes: {
          'http.request.method': method,
          ...(url ? { 'server.address': url.hostname, 'url.full': `${url.origin}${url.pathname}` } : {}),
          ...(status !== null ? { 'http.response.status_code': status } : {}),
        },
        error: status === null || status >= 500,
      },
      performance.now() - started,
    );
  let first: URL | null = null;
  try {
    first = new URL(raw);
  } catch {
    // checkUrl says why
  }
  try {
    const r = await requestWithRedirects(raw, opts);
    span(new URL(r.finalUrl), r.status);
    return r;
  } catch (err) {
    span(first, null);
    throw err;
  }
}

async function requestWithRedirects(raw: string, opts: GuardedRequestOptions): Promise<GuardedResponse> {
  const signal = AbortSignal.timeout(opts.timeoutMs);
  const maxRedirects = opts.maxRedirects ?? ((opts.method ?? 'GET') === 'GET' ? 3 : 0);
  let url = checkUrl(raw, opts);
  for (let hop = 0; ; hop++) {
    const r = await requestOnce(url, opts, signal).catch((e: Error) => {
      if (signal.aborted) throw new FetchRefused(`${url.host} did not answer within ${opts.timeoutMs} ms`, 'failed');
      throw e;
    });
    const location = r.headers.location;
    if (r.status < 300 || r.status >= 400 || !location || hop >= maxRedirects) return r;
    url = checkUrl(new URL(location, url).toString(), opts); // every hop is checked again
  }
}

export interface FetchedBody {
  bytes: Buffer;
  contentType: string | undefined;
  finalUrl: string;
}

/** GET that must end in 200 (remote image sources). */
export async function guardedFetch(
  raw: string,
  opts: Omit<GuardedRequestOptions, 'method' | 'body'> & { hosts: readonly string[] },
): Promise<FetchedBody> {
  const r = await guardedRequest(raw, {
    ...opts,
    hostsName: opts.hostsName ?? 'IMAGE_REMOTE_HOSTS',
    headers: { accept: 'image/*', 'user-agent': 'Redline-ImageFetcher', ...opts.headers },
  });
  if (r.status >= 300 && r.status < 400) throw new FetchRefused('too many redirects', 'failed');
  if (r.status !== 200) throw new FetchRefused(`${new URL(r.finalUrl).host} answered ${r.status}`, 'failed');
  return { bytes: r.bytes, contentType: r.headers['content-type'], finalUrl: r.finalUrl };
}
