// CDN purges against local HTTP servers that speak Cloudflare's and Fastly's documented purge
// APIs (the providers cannot be reached from here): request shapes and credentials, rate limits
// kept by the queue, 429 + Retry-After waited out, and a local purge reaching the edge.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Cloudflare's purge_cache: Bearer token, one of files/prefixes/tags/purge_everything. */
function cloudflareServer(seen: Seen[], opts: { rateLimitFirst?: boolean } = {}) {
  return http.createServer(cloudflareHandler(seen, opts));
}
function cloudflareHandler(seen: Seen[], opts: { rateLimitFirst?: boolean } = {}): http.RequestListener {
  let limited = opts.rateLimitFirst ?? false;
  return (req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const json = (status: number, b: unknown, h: Record<string, string> = {}) =>
        res.writeHead(status, { 'content-type': 'application/json', ...h }).end(JSON.stringify(b));
      if (req.headers.authorization !== 'Bearer cf-token')
        return json(403, {
          success: false,
          errors: [{ code: 10000, message: 'Authentication error' }],
          messages: [],
          result: null,
        });
      if (limited) {
        limited = false;
        return json(
          429,
          {
            success: false,
            errors: [{ code: 971, message: 'Please wait and consider throttling your request speed' }],
            messages: [],
            result: null,
          },
          { 'retry-after': '1' },
        );
      }
      const parsed = JSON.parse(body || '{}') as Record<string, unknown>;
      if (
        !/^\/client\/v4\/zones\/zone-1\/purge_cache$/.test(req.url ?? '') ||
        !['files', 'prefixes', 'tags', 'purge_everything'].some((k) => k in parsed)
      ) {
        return json(400, {
          success: false,
          errors: [
            {
              code: 1012,
              message: 'Request must contain one of "purge_everything", "files", "tags", "hosts" or "prefixes"',
            },
          ],
          messages: [],
          result: null,
        });
      }
      json(200, { success: true, errors: [], messages: [], result: { id: `purge-${seen.length}` } });
    });
  };
}

/** Fastly's purge API: Fastly-Key; POST /service/{id}/purge with Surrogate-Key (a map of key → purge id
 *  back), POST /service/{id}/purge_all, POST /purge/{url}; errors as {msg, detail}. */
function fastlyHandler(seen: Seen[]): http.RequestListener {
  return (req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: '' });
    const json = (status: number, b: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(b));
    if (req.headers['fastly-key'] !== 'fastly-token')
      return json(401, { msg: 'Provided credentials are missing or invalid' });
    const m = /\/service\/([^/]+)\/(purge|purge_all)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) return json(400, { msg: 'Bad request', detail: 'unknown route' });
    if (m[2] === 'purge_all') return json(200, { status: 'ok' });
    const keys = String(req.headers['surrogate-key'] ?? '')
      .split(' ')
      .filter(Boolean);
    if (!keys.length) return json(400, { msg: 'Bad request', detail: 'Surrogate-Key header is required' });
    json(200, Object.fromEntries(keys.map((k, i) => [k, `${i}-purge-${seen.length}`])));
  };
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('purge queue', () => {
  it('keeps to the bucket, waits out a 429 and records each purge', async () => {
    const { httpSender, PurgeQueue } = await import('@/lib/cdn/purge-queue');
    const { cloudflareRequests, readCloudflare } = await import('@/lib/cdn/providers');
    const seen: Seen[] = [];
    const server = cloudflareServer(seen, { rateLimitFirst: true });
    const base = await listen(server);
    try {
      const q = new PurgeQueue('cloudflare', { capacity: 2, perSecond: 10 }, httpSender(readCloudflare));
      const cfg = { apiBase: `${base}/client/v4`, zoneId: 'zone-1', token: 'cf-token' };
      const urls = Array.from({ length: 5 }, (_, i) => `https://cdn.example.com/${i}.jpg`);
      const started = Date.now();
      const rec = await q.enqueue('5 urls', cloudflareRequests(cfg, { kind: 'urls', items: urls }, 1));
      expect(rec).toMatchObject({ ok: true, requests: 5 });
      expect(rec.ids).toHaveLength(5);
      expect(seen).toHaveLength(6); // one 429, waited out, then five purges
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000); // Retry-After: 1
      expect(rec.waitedMs).toBeGreaterThanOrEqual(1_000);
      expect(JSON.parse(seen[1]?.body ?? '')).toEqual({ files: ['https://cdn.example.com/0.jpg'] });
      const bad = await q.enqueue('bad token', cloudflareRequests({ ...cfg, token: 'nope' }, { kind: 'all' }, 100));
      expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/Authentication error/) });
      expect(q.history.map((h) => h.description)).toEqual(['bad token', '5 urls']);
    } finally {
      server.close();
    }
  });
});

describe('a local purge reaches the configured edge', () => {
  const seen: Seen[] = [];
  const fastlySeen: Seen[] = [];
  const cloudflare = cloudflareHandler(seen);
  const fastly = fastlyHandler(fastlySeen);
  // One local listener speaks both APIs (CDN_API_BASE is one address): Fastly's routes by their path.
  const server = http.createServer((req, res) =>
    (req.url ?? '').includes('/service/') ? fastly(req, res) : cloudflare(req, res),
  );
  const dir = mkdtempSync(path.join(os.tmpdir(), 'redline-cdn-'));
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const base = await listen(server);
    mkdirSync(path.join(dir, 'media', 'photos'), { recursive: true });
    await sharp({ create: { width: 100, height: 80, channels: 3, background: '#123456' } })
      .jpeg()
      .toFile(path.join(dir, 'media', 'photos', 'a.jpg'));
    Object.assign(process.env, {
      MEDIA_ROOT: path.join(dir, 'media'),
      IMAGE_CACHE_DIR: path.join(dir, 'variants'),
      CDN_PROVIDER: 'cloudflare',
      CDN_BASE_URL: 'https://cdn.example.com',
      CDN_API_BASE: `${base}/client/v4`,
      CLOUDFLARE_API_TOKEN: 'cf-token',
      CLOUDFLARE_ZONE_ID: 'zone-1',
      CLOUDFLARE_PLAN: 'pro',
      FASTLY_API_TOKEN: 'fastly-token',
    });
    const { currentTestDatabase } = await import('../helpers/databases');
    ({ drop } = await currentTestDatabase('sqlite'));
  });
  afterAll(async () => {
    const { metrics } = await import('@/lib/metrics');
    await metrics().flush();
    await drop();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('purging a path sends a prefix purge of its delivery URLs; everything sends purge_everything', async () => {
    const { optimize } = await import('@/lib/images/service');
    const { transformSchema } = await import('@/lib/images/options');
    const { purgeVariants } = await import('@/lib/images/purge');
    const { edgeHistory } = await import('@/lib/cdn');
    await optimize('/photos/a.jpg', transformSchema.parse({ width: 50 }), null);
    await new Promise((r) => setTimeout(r, 200)); // the variant record is written after the response
    const r = await purgeVariants('path', '/photos/a.jpg');
    expect(r.variants).toBe(1);
    await expect.poll(() => seen.length).toBe(1);
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ prefixes: ['cdn.example.com/d/photos/a.jpg'] });
    await purgeVariants('all', undefined);
    await expect.poll(() => seen.length).toBe(2);
    expect(JSON.parse(seen[1]?.body ?? '')).toEqual({ purge_everything: true });
    await expect.poll(async () => (await edgeHistory()).length).toBe(2);
    expect((await edgeHistory())[0]).toMatchObject({ provider: 'cloudflare', description: 'all', ok: true });
  });

  it("a tag purge drops the tagged sources' variants and purges the tag at the edge", async () => {
    const { optimize } = await import('@/lib/images/service');
    const { transformSchema } = await import('@/lib/images/options');
    const { purgeVariants } = await import('@/lib/images/purge');
    const { setAssetMeta } = await import('@/lib/images/asset-meta');
    await setAssetMeta({ src: '/photos/a.jpg', tags: ['hero', 'home'] }, 'test');
    await optimize('/photos/a.jpg', transformSchema.parse({ width: 40 }), null);
    await new Promise((r) => setTimeout(r, 200));
    const before = seen.length;
    expect(await purgeVariants('tag', 'home')).toMatchObject({ variants: 1, sources: 1 });
    await expect.poll(() => seen.length).toBe(before + 1);
    expect(JSON.parse(seen[before]?.body ?? '')).toEqual({ tags: ['home'] });
    expect(await purgeVariants('tag', 'nothing-has-it')).toMatchObject({ variants: 0, sources: 0 });
  });

  it('switching the provider in Settings to Fastly purges surrogate keys with the Fastly-Key', async () => {
    const { updateSettings } = await import('@/lib/settings/service');
    const { refreshLiveSettings } = await import('@/lib/settings/live');
    const { providerSetup, edgeHistory, sourceTag } = await import('@/lib/cdn');
    const { purgeVariants } = await import('@/lib/images/purge');
    await expect(updateSettings({ 'cdn.provider': 'fastly' }, 'test')).rejects.toMatchObject({ status: 422 }); // no service id yet
    await updateSettings({ 'cdn.provider': 'fastly', 'cdn.fastly.serviceId': 'svc-1' }, 'test');
    await refreshLiveSettings();
    expect(providerSetup()).toMatchObject({ provider: 'fastly', serviceId: 'svc-1', ready: true, missing: [] });
    await purgeVariants('path', '/photos/a.jpg');
    await expect.poll(() => fastlySeen.length).toBe(1);
    expect(fastlySeen[0]).toMatchObject({ method: 'POST', url: '/client/v4/service/svc-1/purge' });
    expect(fastlySeen[0]?.headers['surrogate-key']).toBe(sourceTag('/photos/a.jpg'));
    await purgeVariants('tag', 'hero');
    await expect.poll(() => fastlySeen.length).toBe(2);
    expect(fastlySeen[1]?.headers['surrogate-key']).toBe('hero');
    await purgeVariants('all', undefined);
    await expect.poll(() => fastlySeen.length).toBe(3);
    expect(fastlySeen[2]?.url).toBe('/client/v4/service/svc-1/purge_all');
    await expect.poll(async () => (await edgeHistory())[0]?.description).toBe('all');
    expect((await edgeHistory()).slice(0, 3).map((h) => [h.provider, h.ok])).toEqual([
      ['fastly', true],
      ['fastly', true],
      ['fastly', true],
    ]);
    // A wrong key is recorded as the provider's refusal, with its message.
    await updateSettings({ 'cdn.fastly.serviceId': 'svc-2' }, 'test');
    await refreshLiveSettings();
    const { config } = await import('@/lib/config');
    const env = config() as { FASTLY_API_TOKEN?: string };
    const token = env.FASTLY_API_TOKEN;
    env.FASTLY_API_TOKEN = 'wrong';
    try {
      await purgeVariants('all', undefined);
      await expect.poll(async () => (await edgeHistory())[0]?.ok).toBe(false);
      expect((await edgeHistory())[0]?.error).toMatch(/credentials are missing or invalid/);
    } finally {
      env.FASTLY_API_TOKEN = token;
    }
  });
});

/** CloudFront's REST API: POST /2020-05-31/distribution/{Id}/invalidation, XML in and out, SigV4-signed. */
function cloudfrontServer(seen: Seen[], opts: { throttleFirst?: boolean } = {}) {
  let throttle = opts.throttleFirst ?? false;
  return http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const xml = (status: number, text: string, h: Record<string, string> = {}) =>
        res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': 'req-1', ...h }).end(text);
      const m = /^\/2020-05-31\/distribution\/([A-Z0-9]+)\/invalidation$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !m || !String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256')) {
        return xml(
          400,
          '<?xml version="1.0"?><ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>InvalidArgument</Code><Message>bad request</Message></Error><RequestId>req-1</RequestId></ErrorResponse>',
        );
      }
      if (throttle) {
        throttle = false;
        return xml(
          400,
          '<?xml version="1.0"?><ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>TooManyInvalidationsInProgress</Code><Message>Processing your request will cause you to exceed the maximum number of in-progress wildcard invalidations.</Message></Error><RequestId>req-1</RequestId></ErrorResponse>',
        );
      }
      const paths = [...body.matchAll(/<Path>([^<]*)<\/Path>/g)].map((x) => x[1]);
      xml(
        201,
        `<?xml version="1.0"?><Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I${seen.length}ABCDEF</Id><Status>InProgress</Status><CreateTime>2026-11-21T09:00:00Z</CreateTime><InvalidationBatch><Paths><Quantity>${paths.length}</Quantity><Items>${paths.map((p) => `<Path>${p}</Path>`).join('')}</Items></Paths><CallerReference>x</CallerReference></InvalidationBatch></Invalidation>`,
        { location: `https://cloudfront.amazonaws.com/2020-05-31/distribution/${m[1]}/invalidation/I1` },
      );
    });
  });
}

describe('CloudFront through the AWS SDK', () => {
  // Purges are counted in the metrics store: a database of its own (the one above is dropped).
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const { currentTestDatabase } = await import('../helpers/databases');
    ({ drop } = await currentTestDatabase('sqlite'));
  });
  afterAll(async () => {
    const { metrics } = await import('@/lib/metrics');
    await metrics().flush(); // what the purges recorded goes into this database, not the next test's
    await drop();
  });

  it('creates signed invalidations (a path as a wildcard prefix; everything as /*) and waits out throttling', async () => {
    const { cloudfrontSender, invalidationPaths } = await import('@/lib/cdn/cloudfront');
    const { PurgeQueue } = await import('@/lib/cdn/purge-queue');
    const seen: Seen[] = [];
    const server = cloudfrontServer(seen, { throttleFirst: true });
    const base = await listen(server);
    const keys = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = 'AKIDLOCALTEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'local-secret';
    try {
      expect(invalidationPaths('path', '/photos/a.jpg')).toEqual(['/d/photos/a.jpg*']);
      expect(invalidationPaths('all', undefined)).toEqual(['/*']);
      const q = new PurgeQueue(
        'cloudfront',
        { capacity: 5, perSecond: 1 },
        cloudfrontSender({ region: 'us-east-1', endpoint: base }),
      );
      const rec = await q.enqueue('path /photos/a.jpg', [
        { distributionId: 'E2EXAMPLE', paths: invalidationPaths('path', '/photos/a.jpg') },
      ]);
      expect(rec).toMatchObject({ ok: true, ids: ['I2ABCDEF'] });
      expect(seen).toHaveLength(2); // throttled once, then created
      expect(seen[1]?.url).toBe('/2020-05-31/distribution/E2EXAMPLE/invalidation');
      expect(seen[1]?.body).toContain('<Path>/d/photos/a.jpg*</Path>');
      expect(seen[1]?.body).toMatch(/<CallerReference>redline-[0-9a-f-]{36}<\/CallerReference>/);
      expect(String(seen[1]?.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST\//);
      const bad = await q.enqueue('bad distribution', [{ distributionId: 'bad-id', paths: ['/*'] }]);
      expect(bad.ok).toBe(false);
    } finally {
      process.env.AWS_ACCESS_KEY_ID = keys.id;
      process.env.AWS_SECRET_ACCESS_KEY = keys.secret;
      if (keys.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      if (keys.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      server.close();
    }
  });
});
