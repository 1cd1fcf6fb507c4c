// The images API over real HTTP: variants with strong ETags, 304 and ranges, JSON
// descriptions, responsive sets, batches item by item, configuration, and clear refusals.
import sharp from 'sharp';
import { request } from '@playwright/test';
import { expect, test } from '../fixtures';

test.use({ storageState: { cookies: [], origins: [] } });

const SRC = '/photos/sample.jpg';

test('optimize serves a negotiated, cached variant with a strong ETag, 304 and byte ranges', async ({ adminApi }) => {
  const url = `/api/optimization/images?action=optimize&src=${encodeURIComponent(SRC)}&width=640`;
  const first = await adminApi.ctx.get(url, { headers: { accept: 'image/webp,*/*' } });
  expect(first.status()).toBe(200);
  expect(first.headers()['content-type']).toBe('image/webp');
  expect(first.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(first.headers().vary).toContain('Accept');
  const etag = first.headers().etag as string;
  expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
  const body = await first.body();
  expect(body.subarray(8, 12).toString()).toBe('WEBP');

  const again = await adminApi.ctx.get(url, { headers: { accept: 'image/webp,*/*', 'if-none-match': etag } });
  expect(again.status()).toBe(304);
  const part = await adminApi.ctx.get(url, { headers: { accept: 'image/webp,*/*', range: 'bytes=0-99' } });
  expect(part.status()).toBe(206);
  expect(part.headers()['content-range']).toBe(`bytes 0-99/${body.length}`);
  expect((await part.body()).equals(body.subarray(0, 100))).toBe(true);

  const json = await (await adminApi.ctx.get(`${url}&as=json`, { headers: { accept: 'image/webp,*/*' } })).json();
  expect(json).toMatchObject({ format: 'webp', width: 640, height: 480, cached: true, bytesAfter: body.length, etag });
  expect(json.bytesAfter).toBeLessThan(json.bytesBefore);
  const jpeg = await adminApi.ctx.get(url, { headers: { accept: 'image/jpeg' } });
  expect(jpeg.headers()['content-type']).toBe('image/jpeg');
  expect(jpeg.headers().etag).not.toBe(etag); // another variant, another tag
});

test('responsive sets, descriptions, batches, configuration and stats', async ({ adminApi }) => {
  const r = await (
    await adminApi.get(
      `/api/optimization/images?action=responsive&src=${encodeURIComponent(SRC)}&aspectRatio=16/9&maxWidth=1200`,
    )
  ).json();
  expect(r.variants.map((v: { width: number }) => v.width)).toEqual([320, 640, 768, 1024]);
  expect(r.srcset).toContain('1024w');
  expect(r.html).toMatch(/^<img src=.* srcset=.* sizes="100vw"/);
  expect(r.placeholder.dominantColor).toMatch(/^#[0-9a-f]{6}$/);
  const tiny = await adminApi.ctx.get(r.variants[0].url, { headers: { accept: 'image/avif' } });
  expect(tiny.headers()['content-type']).toBe('image/avif');
  const tinyAgain = await adminApi.ctx.get(r.variants[0].url, { headers: { accept: 'image/avif' } });
  expect((await tinyAgain.body()).equals(await tiny.body())).toBe(true); // from the cache

  const batch = await adminApi.send('POST', '/api/optimization/images', {
    action: 'optimize',
    images: [
      { src: SRC, options: { width: 800, height: 600, format: 'jpeg' } },
      { src: '/nope.jpg', options: {} },
      { src: '/not-an-image.jpg', options: {} },
    ],
  });
  expect(batch.status()).toBe(200);
  const b = await batch.json();
  expect(b).toMatchObject({ total: 3, succeeded: 1, failed: 2 });
  expect(b.results.map((x: { ok: boolean; error?: { code: string } }) => x.error?.code ?? 'ok')).toEqual([
    'ok',
    'not_found',
    'unprocessable',
  ]);

  const put = await adminApi.send('PUT', '/api/optimization/images', {
    config: { qualities: { webp: 70 }, formats: ['webp', 'jpeg'] },
  });
  expect(put.status(), await put.text()).toBe(200);
  const cfg = await (await adminApi.get('/api/optimization/images?action=config')).json();
  expect(cfg).toMatchObject({ formats: ['webp', 'jpeg'], quality: { webp: 70 } });
  const noAvif = await adminApi.ctx.get(
    `/api/optimization/images?action=optimize&src=${encodeURIComponent(SRC)}&width=100`,
    { headers: { accept: 'image/avif,image/webp' } },
  );
  expect(noAvif.headers()['content-type']).toBe('image/webp'); // AVIF is no longer offered
  await adminApi.send('PUT', '/api/optimization/images', {
    config: { qualities: { webp: 80 }, formats: ['webp', 'avif', 'jpeg', 'png'] },
  });

  const stats = await (await adminApi.get('/api/optimization/images?action=stats')).json();
  expect(stats.cache.variants).toBeGreaterThan(2);
  expect(stats.cache.hits).toBeGreaterThan(0);
});

test('hostile and malformed image requests get a clear 4xx', async ({ adminApi }) => {
  const cases: [string, number, string][] = [
    [`/api/optimization/images?action=optimize&src=${encodeURIComponent('/../redline.db')}`, 400, 'bad_request'],
    [
      `/api/optimization/images?action=optimize&src=${encodeURIComponent('/photos/%2e%2e/%2e%2e/redline.db')}`,
      400,
      'bad_request',
    ],
    [
      `/api/optimization/images?action=optimize&src=${encodeURIComponent('http://169.254.169.254/latest/meta-data/')}`,
      403,
      'forbidden',
    ],
    [
      `/api/optimization/images?action=optimize&src=${encodeURIComponent('http://127.0.0.1:3100/api/health')}`,
      403,
      'forbidden',
    ],
    [`/api/optimization/images?action=optimize&src=${encodeURIComponent('/not-an-image.jpg')}`, 422, 'unprocessable'],
    [`/api/optimization/images?action=optimize&src=${encodeURIComponent(SRC)}&width=0`, 400, 'validation_failed'],
    [`/api/optimization/images?action=optimize&src=${encodeURIComponent(SRC)}&format=gif`, 400, 'validation_failed'],
    ['/api/optimization/images?action=optimize', 400, 'validation_failed'],
    [`/api/optimization/images?action=responsive&src=${encodeURIComponent(SRC)}&aspectRatio=wide`, 400, 'bad_request'],
  ];
  for (const [url, status, code] of cases) {
    const res = await adminApi.get(url);
    expect(res.status(), url).toBe(status);
    expect((await res.json()).error.code, url).toBe(code);
  }
  const tooMany = await adminApi.send('POST', '/api/optimization/images', {
    action: 'optimize',
    images: Array.from({ length: 101 }, () => ({ src: SRC, options: {} })),
  });
  expect(tooMany.status()).toBe(400);
  expect((await tooMany.json()).error.message).toMatch(/at most 100/);
});

test('background jobs: queued, worked by the instance, failures with reasons, cancel and refusals', async ({
  adminApi,
}) => {
  const created = await adminApi.send('POST', '/api/optimization/images', {
    action: 'job',
    images: [
      { src: SRC, options: { width: 120, format: 'webp' } },
      { src: '/nope.jpg', options: {} },
    ],
  });
  expect(created.status(), await created.text()).toBe(202);
  const job = await created.json();
  expect(job).toMatchObject({ total: 2, createdBy: expect.any(String) });
  await expect
    .poll(async () => (await (await adminApi.get(`/api/optimization/images?action=job&id=${job.id}`)).json()).status, {
      timeout: 20_000,
    })
    .toBe('done');
  const done = await (await adminApi.get(`/api/optimization/images?action=job&id=${job.id}`)).json();
  expect(done).toMatchObject({
    done: 1,
    failed: 1,
    failures: [{ src: '/nope.jpg', error: expect.stringMatching(/^no file nope.jpg/) }],
  });
  expect((await (await adminApi.get('/api/optimization/images?action=jobs')).json()).jobs[0].id).toBe(job.id);
  const again = await adminApi.send('POST', '/api/optimization/images', { action: 'cancel', id: job.id });
  expect(again.status()).toBe(409);
  const cases: [string, unknown, number, RegExp][] = [
    ['cancel unknown', { action: 'cancel', id: '00000000-0000-4000-8000-000000000000' }, 404, /No image job/],
    ['cancel bad id', { action: 'cancel', id: 'x' }, 400, /job id/],
    [
      'too many',
      { action: 'job', images: Array.from({ length: 10_001 }, () => ({ src: SRC, options: {} })) },
      400,
      /at most 10,000/,
    ],
    ['unknown action', { action: 'explode' }, 400, /action is one of/],
  ];
  for (const [what, body, status, message] of cases) {
    const r = await adminApi.send('POST', '/api/optimization/images', body);
    expect(r.status(), what).toBe(status);
    expect(JSON.stringify(await r.json()), what).toMatch(message);
  }
  expect((await adminApi.get('/api/optimization/images?action=job')).status()).toBe(400);
});

test('uploads: images only (by their content), safe names, never overwriting', async ({ adminApi }) => {
  const png = await sharp({ create: { width: 40, height: 30, channels: 4, background: '#36c' } })
    .png()
    .toBuffer();
  const send = (name: string, buffer: Buffer, mimeType = 'image/png') =>
    adminApi.ctx.post('/api/optimization/assets', {
      multipart: { file: { name, mimeType, buffer } },
      headers: { 'x-csrf-token': adminApi.csrfToken, origin: adminApi.baseURL },
    });
  const first = await send('../../Team Photo.png', png);
  expect(first.status(), await first.text()).toBe(201);
  const a = (await first.json()).uploaded[0];
  expect(a).toMatchObject({ src: '/uploads/Team-Photo.png', width: 40, height: 30, format: 'png' });
  const again = await (await send('Team Photo.png', png)).json();
  expect(again.uploaded[0].src).toBe('/uploads/Team-Photo-1.png');
  const fake = await send('fake.png', Buffer.from('not an image'));
  expect(fake.status()).toBe(422);
  const script = await send('run.sh', png, 'text/x-sh');
  expect(script.status()).toBe(415);
  const json = await adminApi.send('POST', '/api/optimization/assets', { file: 'x' });
  expect(json.status()).toBe(415);
  const listed = await (await adminApi.get('/api/optimization/assets')).json();
  expect(listed.assets.map((x: { src: string }) => x.src)).toContain('/uploads/Team-Photo.png');
});

test('a read with an API token (answered before Next.js) matches the route: bytes, headers, errors', async ({
  adminApi,
  baseURL,
}) => {
  const created = await adminApi.send('POST', '/api/tokens', { name: `images-read-${Date.now()}`, role: 'viewer' });
  expect(created.status()).toBe(201);
  const { token } = (await created.json()) as { token: string };
  const ctx = await request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const bearer = { authorization: `Bearer ${token}`, accept: 'image/webp,*/*' };
  const url = `/api/optimization/images?action=optimize&src=${encodeURIComponent(SRC)}&width=320&format=auto`;
  const viaRoute = await adminApi.ctx.get(url, { headers: { accept: 'image/webp,*/*' } });
  const viaToken = await ctx.get(url, { headers: bearer });
  expect(viaToken.status()).toBe(200);
  expect(Buffer.compare(await viaToken.body(), await viaRoute.body())).toBe(0);
  for (const h of ['content-type', 'etag', 'cache-control', 'accept-ranges', 'x-content-type-options'])
    expect(viaToken.headers()[h], h).toBe(viaRoute.headers()[h]);
  // Next adds its own router names to Vary; the variant's own is Accept.
  expect(viaToken.headers().vary).toBe('Accept');
  expect(viaRoute.headers().vary).toContain('Accept');
  expect(viaToken.headers().traceresponse).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  const etag = viaToken.headers().etag as string;
  expect((await ctx.get(url, { headers: { ...bearer, 'if-none-match': etag } })).status()).toBe(304);
  const part = await ctx.get(url, { headers: { ...bearer, range: 'bytes=0-9' } });
  expect(part.status()).toBe(206);
  expect((await part.body()).length).toBe(10);
  const head = await ctx.head(url, { headers: bearer });
  expect(head.status()).toBe(200);
  expect((await head.body()).length).toBe(0);
  // Refusals: the same status and code as the route's.
  for (const bad of [
    `/api/optimization/images?action=optimize&src=${encodeURIComponent('/../redline.db')}`,
    `/api/optimization/images?action=optimize&src=${encodeURIComponent('http://127.0.0.1:3100/api/health')}`,
    `/api/optimization/images?action=optimize&src=${encodeURIComponent(SRC)}&width=0`,
    `/api/optimization/images?action=optimize&src=${encodeURIComponent(SRC)}&junk=1`,
    '/api/optimization/images?action=optimize',
  ]) {
    const a = await adminApi.get(bad);
    const b = await ctx.get(bad, { headers: bearer });
    expect(b.status(), bad).toBe(a.status());
    expect((await b.json()).error.code, bad).toBe((await a.json()).error.code);
  }
  const wrong = await ctx.get(url, { headers: { authorization: 'Bearer rl_not-a-token' } });
  expect(wrong.status()).toBe(401);
  expect((await wrong.json()).error.code).toBe('unauthorized');
  // What the lean path does not answer goes to the route, with the same token.
  const json = await ctx.get(`${url}&as=json`, { headers: bearer });
  expect((await json.json()).etag).toBe(etag);
  await ctx.dispose();
});
