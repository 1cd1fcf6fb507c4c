import { describe, expect, it } from 'vitest';
import { cloudflareRequests, fastlyRequests, readCloudflare, readFastly } from './providers';
import { TokenBucket } from './token-bucket';

const cf = { apiBase: 'https://api.cloudflare.com/client/v4/', zoneId: 'zone 1', token: 't0k' };
const fa = { apiBase: 'https://api.fastly.com', serviceId: 'svc', token: 'fk' };

describe('Cloudflare purge requests', () => {
  it('speak the purge_cache format, 100 operations a request', () => {
    const urls = Array.from({ length: 250 }, (_, i) => `https://cdn.example.com/a${i}.jpg`);
    const reqs = cloudflareRequests(cf, { kind: 'urls', items: urls }, 100);
    expect(reqs).toHaveLength(3);
    expect(reqs[0]).toMatchObject({
      method: 'POST',
      url: 'https://api.cloudflare.com/client/v4/zones/zone%201/purge_cache',
      headers: { authorization: 'Bearer t0k' },
    });
    expect(JSON.parse(reqs[2]?.body ?? '{}').files).toHaveLength(50);
    expect(
      JSON.parse(cloudflareRequests(cf, { kind: 'prefixes', items: ['cdn.example.com/d/photos'] }, 100)[0]?.body ?? ''),
    ).toEqual({ prefixes: ['cdn.example.com/d/photos'] });
    expect(JSON.parse(cloudflareRequests(cf, { kind: 'all' }, 100)[0]?.body ?? '')).toEqual({ purge_everything: true });
  });
  it('read success, errors and rate limits', () => {
    expect(readCloudflare(200, { success: true, errors: [], messages: [], result: { id: 'p1' } }, null)).toEqual({
      ok: true,
      id: 'p1',
    });
    expect(
      readCloudflare(
        400,
        {
          success: false,
          errors: [
            { code: 1012, message: 'Request must contain one of purge_everything, files, tags, hosts or prefixes' },
          ],
        },
        null,
      ),
    ).toMatchObject({ ok: false, error: /1012/ });
    expect(readCloudflare(429, null, '7')).toMatchObject({ ok: false, retryAfterMs: 7000 });
  });
});

describe('Fastly purge requests', () => {
  it('purge by surrogate keys (256 a batch), by URL and everything, with Fastly-Key', () => {
    const keys = Array.from({ length: 300 }, (_, i) => `k${i}`);
    const reqs = fastlyRequests(fa, { kind: 'tags', items: keys });
    expect(reqs).toHaveLength(2);
    expect(reqs[0]).toMatchObject({ url: 'https://api.fastly.com/service/svc/purge', headers: { 'fastly-key': 'fk' } });
    expect(reqs[0]?.headers['surrogate-key']?.split(' ')).toHaveLength(256);
    expect(fastlyRequests(fa, { kind: 'all' })[0]?.url).toBe('https://api.fastly.com/service/svc/purge_all');
    expect(fastlyRequests(fa, { kind: 'urls', items: ['https://cdn.example.com/x.css'] })[0]?.url).toBe(
      'https://api.fastly.com/purge/cdn.example.com/x.css',
    );
    expect(() => fastlyRequests(fa, { kind: 'prefixes', items: ['x'] })).toThrow(/not by prefix/);
    expect(readFastly(200, { status: 'ok', id: '108-1' }, null)).toEqual({ ok: true, id: '108-1' });
    expect(readFastly(401, { msg: 'Provided credentials are missing or invalid' }, null)).toMatchObject({
      ok: false,
      error: /credentials/,
    });
  });
});

describe('TokenBucket', () => {
  it('lets a burst through, then one token per refill interval', () => {
    const b = new TokenBucket(3, 1, 0);
    expect([b.take(0), b.take(0), b.take(0)].every((t) => t.ok)).toBe(true);
    expect(b.take(0)).toEqual({ ok: false, waitMs: 1000 });
    expect(b.take(500)).toEqual({ ok: false, waitMs: 500 });
    expect(b.take(1000).ok).toBe(true);
    b.drain(1000);
    expect(b.take(1000).ok).toBe(false);
  });
});
