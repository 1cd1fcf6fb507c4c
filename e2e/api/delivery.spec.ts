// Signed delivery URLs over real HTTP, served by the lean listener beside Next.js: no session
// needed, the signature is checked on every serve, and a URL names one version of its source.
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { request } from '@playwright/test';
import sharp from 'sharp';
import { SQLITE_URL } from '../credentials';
import { expect, test } from '../fixtures';

test.use({ storageState: { cookies: [], origins: [] } });
const MEDIA = path.resolve(import.meta.dirname, '../../.e2e/sqlite/media');

test('a signed URL serves the variant to anyone until it expires, and nothing else', async ({ adminApi }) => {
  const signed = await (
    await adminApi.get('/api/optimization/cdn?action=url&path=/photos/sample.jpg&width=480&format=webp')
  ).json();
  expect(signed.url).toMatch(/^\/d\/photos\/sample\.jpg\?v=[0-9a-f]{16}&w=480&f=webp&exp=\d+&sig=/);
  const anon = await request.newContext({ baseURL: SQLITE_URL });
  try {
    const res = await anon.get(signed.url);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('image/webp');
    expect(res.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers()['surrogate-key']).toMatch(/^rl-[0-9a-f]{20} rl-delivery$/); // what edge purges name
    expect(res.headers()['cache-tag']).toMatch(/^rl-[0-9a-f]{20},rl-delivery$/);
    const etag = res.headers().etag as string;
    expect((await anon.get(signed.url, { headers: { 'if-none-match': etag } })).status()).toBe(304);
    const part = await anon.get(signed.url, { headers: { range: 'bytes=-16' } });
    expect(part.status()).toBe(206);

    expect((await anon.get(signed.url.replace('w=480', 'w=4800'))).status()).toBe(403); // tampered
    expect((await anon.get('/d/photos/sample.jpg?w=480')).status()).toBe(403); // unsigned
    expect((await anon.get(signed.url.replace('sample.jpg', '..%2F..%2Fredline.db'))).status()).toBe(403);
    const bound = await (
      await adminApi.get('/api/optimization/cdn?action=url&path=/photos/sample.jpg&width=100&bindIp=10.9.9.9')
    ).json();
    expect((await anon.get(bound.url)).status()).toBe(403); // we are 127.0.0.1
    const mine = await (
      await adminApi.get('/api/optimization/cdn?action=url&path=/photos/sample.jpg&width=100&bindIp=127.0.0.1')
    ).json();
    expect((await anon.get(mine.url)).status()).toBe(200);

    const short = await (
      await adminApi.get('/api/optimization/cdn?action=url&path=/photos/sample.jpg&width=120&ttl=1')
    ).json();
    await new Promise((r) => setTimeout(r, 2_100));
    const expired = await anon.get(short.url);
    expect(expired.status()).toBe(410);
    expect((await expired.json()).error.message).toMatch(/expired/);

    // A new version of the file: the old URL is gone rather than serving other bytes as immutable.
    copyFileSync(path.join(MEDIA, 'photos', 'sample.jpg'), path.join(MEDIA, 'photos', 'changing.jpg'));
    const v1 = await (
      await adminApi.get('/api/optimization/cdn?action=url&path=/photos/changing.jpg&width=200')
    ).json();
    expect((await anon.get(v1.url)).status()).toBe(200);
    await sharp({ create: { width: 300, height: 200, channels: 3, background: '#c03030' } })
      .jpeg()
      .toFile(path.join(MEDIA, 'photos', 'changing.jpg'));
    const gone = await anon.get(v1.url);
    expect(gone.status()).toBe(410);
    expect((await gone.json()).error.message).toMatch(/source has changed/);
    expect((await anon.post(signed.url)).status()).toBe(405);
  } finally {
    await anon.dispose();
  }
});

test('the CDN configuration, refusals of the URL action, and purge', async ({ adminApi }) => {
  const cfg = await (await adminApi.get('/api/optimization/cdn?action=config')).json();
  expect(cfg).toMatchObject({ enabled: false, cacheHeaders: { images: 'public, max-age=31536000, immutable' } });
  expect(await (await adminApi.get('/api/optimization/cdn?action=purges')).json()).toMatchObject({
    provider: { provider: 'none', ready: false },
    purges: [],
  });
  for (const [url, status] of [
    ['/api/optimization/cdn?action=url', 400],
    ['/api/optimization/cdn?action=url&path=/nope.jpg', 404],
    ['/api/optimization/cdn?action=url&path=/../x.jpg', 400],
    ['/api/optimization/cdn?action=url&path=/photos/sample.jpg&bindIp=nope', 400],
    ['/api/optimization/cdn?action=purge', 400],
  ] as const) {
    expect((await adminApi.get(url)).status(), url).toBe(status);
  }
  // Purge: the variants of a path go (on every instance), and come back encoded on demand.
  const signed = await (
    await adminApi.get('/api/optimization/cdn?action=url&path=/photos/sample.jpg&width=333&format=webp')
  ).json();
  expect((await adminApi.get(signed.url)).status()).toBe(200);
  await expect
    .poll(
      async () =>
        (await (await adminApi.send('DELETE', '/api/optimization/cdn?type=path&path=/photos/sample.jpg')).json())
          .variants,
      { timeout: 5_000 },
    )
    .toBeGreaterThan(0);
  expect((await adminApi.get(signed.url)).status()).toBe(200);
  for (const [url, status] of [
    ['/api/optimization/cdn?type=path', 400],
    ['/api/optimization/cdn?type=prefix&path=photos', 400],
    ['/api/optimization/cdn?type=tag&path=/x', 400],
  ] as const) {
    expect((await adminApi.send('DELETE', url)).status(), url).toBe(status);
  }
});

test('tags travel with deliveries and purge by tag; critical assets are preloaded; images off stops delivery', async ({
  adminApi,
}) => {
  const mark = (body: unknown) => adminApi.send('PUT', '/api/optimization/assets', body);
  expect((await mark({ src: '/photos/sample.jpg', tags: ['hero', 'home'], critical: true })).status()).toBe(200);
  try {
    for (const bad of [
      { src: '/photos/sample.jpg', tags: ['rl-mine'] },
      { src: '/photos/sample.jpg', tags: ['two words'] },
      { src: 'photos/sample.jpg' },
      { src: '/photos/sample.jpg', extra: 1 },
    ]) {
      const r = await mark(bad);
      expect(r.status(), JSON.stringify(bad)).toBe(400);
    }
    const inventory = await (await adminApi.get('/api/optimization/assets')).json();
    expect(inventory.assets.find((a: { src: string }) => a.src === '/photos/sample.jpg')).toMatchObject({
      tags: ['hero', 'home'],
      critical: true,
    });

    const signed = await (
      await adminApi.get('/api/optimization/cdn?action=url&path=/photos/sample.jpg&width=222&format=webp')
    ).json();
    await expect
      .poll(async () => (await adminApi.get(signed.url)).headers()['cache-tag'] ?? '', { timeout: 5_000 })
      .toContain('hero');
    const d = await adminApi.get(signed.url);
    expect(d.headers()['surrogate-key']).toMatch(/^rl-[0-9a-f]{20} rl-delivery hero home$/);

    const preload = await adminApi.get('/api/optimization/cdn?action=preload');
    const p = await preload.json();
    expect(p.links).toEqual([expect.objectContaining({ path: '/photos/sample.jpg', as: 'image' })]);
    expect(p.header).toMatch(/^<\/d\/photos\/sample\.jpg\?[^>]+>; rel=preload; as=image$/);
    expect(preload.headers().link).toBe(p.header);

    const byTag = await (await adminApi.send('DELETE', '/api/optimization/cdn?type=tag&tag=hero')).json();
    expect(byTag).toMatchObject({ type: 'tag', tag: 'hero', sources: 1 });
    expect((await adminApi.send('DELETE', '/api/optimization/cdn?type=tag&tag=rl-delivery')).status()).toBe(400);

    // Image optimization off (Settings): the delivery listener stops making variants too.
    expect((await adminApi.send('PUT', '/api/settings', { 'images.enabled': false })).status()).toBe(200);
    await expect.poll(async () => (await adminApi.get(signed.url)).status(), { timeout: 5_000 }).toBe(409);
  } finally {
    await adminApi.send('PUT', '/api/settings', { 'images.enabled': null });
    await mark({ src: '/photos/sample.jpg', tags: [], critical: false });
  }
  const signed = await (
    await adminApi.get('/api/optimization/cdn?action=url&path=/photos/sample.jpg&width=222&format=webp')
  ).json();
  await expect.poll(async () => (await adminApi.get(signed.url)).status(), { timeout: 5_000 }).toBe(200);
  expect((await (await adminApi.get('/api/optimization/cdn?action=preload')).json()).links).toEqual([]);
});

test('the CDN optimize action warms an asset and answers its signed URL with measured bytes; batches; stats', async ({
  adminApi,
}) => {
  const img = await (
    await adminApi.get('/api/optimization/cdn?action=optimize&path=/photos/sample.jpg&width=500&format=webp')
  ).json();
  expect(img).toMatchObject({ ok: true, kind: 'image', format: 'webp', width: 500, height: 375 });
  expect(img.bytesAfter).toBeLessThan(img.bytesBefore);
  expect(img.url).toMatch(/^\/d\/photos\/sample\.jpg\?.*w=500.*&sig=/);
  const served = await adminApi.get(img.url);
  expect(served.status()).toBe(200);
  expect((await served.body()).length).toBe(img.bytesAfter);
  const css = await (
    await adminApi.get('/api/optimization/cdn?action=optimize&path=/css/main.css&compress=true')
  ).json();
  expect(css).toMatchObject({ ok: true, kind: 'text', encoding: 'br' });
  expect(css.bytesAfter).toBeLessThan(css.bytesBefore / 5);

  const batch = await (
    await adminApi.send('POST', '/api/optimization/cdn', {
      action: 'optimize',
      assets: [
        { path: '/photos/sample.jpg', options: { width: 300 } },
        { path: '/nope.jpg', options: {} },
        { path: '/evil.svg', options: {} },
      ],
    })
  ).json();
  expect(batch).toMatchObject({ total: 3, succeeded: 1, failed: 2 });
  expect(batch.results.map((r: { ok: boolean; error?: { code: string } }) => r.error?.code ?? 'ok')).toEqual([
    'ok',
    'not_found',
    'unprocessable',
  ]);
  expect((await adminApi.send('POST', '/api/optimization/cdn', { action: 'optimize', assets: [] })).status()).toBe(400);
  expect((await adminApi.get('/api/optimization/cdn?action=optimize')).status()).toBe(400);

  // SVG: a clean one is delivered under a CSP that lets nothing run; a scripted one is refused.
  const logo = await (await adminApi.get('/api/optimization/cdn?action=url&path=/logo.svg')).json();
  const svg = await adminApi.get(logo.url);
  expect(svg.status()).toBe(200);
  expect(svg.headers()['content-security-policy']).toContain("default-src 'none'");
  expect(svg.headers()['x-content-type-options']).toBe('nosniff');
  expect((await adminApi.get('/api/optimization/cdn?action=url&path=/evil.svg')).status()).toBe(422);

  await expect
    .poll(
      async () => (await (await adminApi.get('/api/optimization/cdn?action=stats&range=1h')).json()).delivery.requests,
      { timeout: 15_000 },
    )
    .toBeGreaterThan(0);
  const stats = await (await adminApi.get('/api/optimization/cdn?action=stats&range=1h')).json();
  expect(stats.cache.variants).toBeGreaterThan(0);
  expect(stats.delivery.p95Ms).toBeGreaterThan(0);
});

test('text assets are delivered compressed as the client accepts, each encoding its own tag', async ({ adminApi }) => {
  const css = readFileSync(path.join(MEDIA, 'css', 'main.css'), 'utf8');
  const signed = await (await adminApi.get('/api/optimization/cdn?action=url&path=/css/main.css')).json();
  expect(signed.url).toMatch(/^\/d\/css\/main\.css\?v=[0-9a-f]{16}&exp=\d+&sig=/);
  const anon = await request.newContext({ baseURL: SQLITE_URL });
  try {
    const tags = new Set<string>();
    for (const [accept, encoding] of [
      ['br, gzip', 'br'],
      ['gzip', 'gzip'],
      ['identity', undefined],
    ] as const) {
      const res = await anon.get(signed.url, { headers: { 'accept-encoding': accept } });
      expect(res.status()).toBe(200);
      expect(res.headers()['content-encoding']).toBe(encoding);
      expect(res.headers()['content-type']).toBe('text/css; charset=utf-8');
      expect(res.headers()['cache-control']).toBe('public, max-age=86400');
      expect(res.headers().vary).toBe('Accept-Encoding');
      expect(await res.text()).toBe(css); // decoded, it is the file
      tags.add(res.headers().etag as string);
    }
    expect(tags.size).toBe(3);
  } finally {
    await anon.dispose();
  }
});

test('a cached variant is a file read: it is served while encodes fill the image slots and their queue', async ({
  adminApi,
}) => {
  test.setTimeout(120_000);
  // A source that takes a while to encode, so the misses below hold the two encode slots.
  await sharp({
    create: {
      width: 2400,
      height: 1600,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .jpeg({ quality: 95 })
    .toFile(path.join(MEDIA, 'photos', 'slow-noise.jpg'));
  const url = async (width: number) =>
    (
      (await (
        await adminApi.get(`/api/optimization/cdn?action=url&path=/photos/slow-noise.jpg&width=${width}&format=avif`)
      ).json()) as { url: string }
    ).url;
  const cached = await url(64);
  const misses = await Promise.all(Array.from({ length: 40 }, (_, i) => url(1_000 + i)));
  const anon = await request.newContext({ baseURL: SQLITE_URL });
  try {
    const warm = await anon.get(cached, { timeout: 60_000 });
    expect(warm.status()).toBe(200);
    const body = await warm.body();
    // 40 encodes asked at once: 2 run, 16 wait, the rest are refused with Retry-After.
    const storm = misses.map((u) => anon.get(u, { timeout: 110_000 }));
    await new Promise((r) => setTimeout(r, 300));
    const during = await anon.get(cached);
    expect(during.status()).toBe(200);
    expect(Buffer.compare(await during.body(), body)).toBe(0);
    const answers = await Promise.all(storm);
    const refused = answers.filter((r) => r.status() === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => Number(r.headers()['retry-after']) >= 1)).toBe(true);
    expect(answers.every((r) => r.status() === 200 || r.status() === 503)).toBe(true);
  } finally {
    await anon.dispose();
  }
});
