// Outbound GET for user-supplied URLs (remote images): http(s) only, hosts from an allowlist, and
// every address checked where it matters — on the resolved address at connect time (a DNS answer
// cannot swap in 127.0.0.1 after a check) and again on each redirect hop. Bounded in size and time.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { type AddressPolicy, hostAllowed } from './address-policy';

export interface GuardedFetchOptions {
  policy: AddressPolicy;
  hosts: readonly string[];
  maxBytes: number;
  timeoutMs: number;
  maxRedirects?: number;
}

export class FetchRefused extends Error {
  constructor(
    message: string,
    /** 'refused': the URL or address is not allowed; 'failed': the remote end did not deliver */
    readonly kind: 'refused' | 'too_large' | 'failed',
  ) {
    super(message);
    this.name = 'FetchRefused';
  }
}

export interface FetchedBody {
  bytes: Buffer;
  contentType: string | undefined;
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

function checkUrl(raw: string, opts: GuardedFetchOptions): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchRefused(`not a URL: ${raw.slice(0, 200)}`, 'refused');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new FetchRefused(`only http and https sources are fetched, not ${url.protocol}`, 'refused');
  if (url.username || url.password) throw new FetchRefused('URLs with credentials are not fetched', 'refused');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!hostAllowed(host, opts.hosts))
    throw new FetchRefused(`${host} is not on the remote host allowlist (IMAGE_REMOTE_HOSTS)`, 'refused');
  // An IP literal never goes through DNS lookup, so it is checked here.
  if (isIP(host)) {
    const verdict = opts.policy.check(host);
    if (!verdict.allowed) throw new FetchRefused(`${host} is a ${verdict.reason} address`, 'refused');
  }
  return url;
}

function getOnce(
  url: URL,
  opts: GuardedFetchOptions,
  signal: AbortSignal,
): Promise<{ status: number; location?: string; body?: FetchedBody }> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.get(
      url,
      {
        lookup: guardedLookup(opts.policy),
        signal,
        headers: { accept: 'image/*', 'user-agent': 'Redline-ImageFetcher' },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          return resolve({ status, location: res.headers.location });
        }
        if (status !== 200) {
          res.resume();
          return reject(new FetchRefused(`${url.host} answered ${status}`, 'failed'));
        }
        const declared = Number(res.headers['content-length'] ?? 0);
        if (declared > opts.maxBytes) {
          res.destroy();
          return reject(new FetchRefused(`the source is ${declared} bytes; at most ${opts.maxBytes}`, 'too_large'));
        }
        const parts: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > opts.maxBytes) {
            res.destroy();
            reject(new FetchRefused(`the source exceeds ${opts.maxBytes} bytes`, 'too_large'));
            return;
          }
          parts.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status,
            body: { bytes: Buffer.concat(parts), contentType: res.headers['content-type'], finalUrl: url.toString() },
          }),
        );
        res.on('error', (e) => reject(new FetchRefused(`reading ${url.host} failed: ${e.message}`, 'failed')));
      },
    );
    req.on('error', (e) =>
      reject(e instanceof FetchRefused ? e : new FetchRefused(`fetching ${url.host} failed: ${e.message}`, 'failed')),
    );
  });
}

export async function guardedFetch(raw: string, opts: GuardedFetchOptions): Promise<FetchedBody> {
  const signal = AbortSignal.timeout(opts.timeoutMs);
  let url = checkUrl(raw, opts);
  for (let hop = 0; hop <= (opts.maxRedirects ?? 3); hop++) {
    const r = await getOnce(url, opts, signal).catch((e: Error) => {
      if (signal.aborted) throw new FetchRefused(`${url.host} did not answer within ${opts.timeoutMs} ms`, 'failed');
      throw e;
    });
    if (r.body) return r.body;
    url = checkUrl(new URL(r.location as string, url).toString(), opts); // every hop is checked again
  }
  throw new FetchRefused('too many redirects', 'failed');
}
