// The image pipeline on real files with real sharp: sources under the media root only, formats
// negotiated from Accept, variants encoded once and then served from the disk cache, hostile
// inputs refused with a clear error.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(os.tmpdir(), 'redline-images-'));
const media = path.join(dir, 'media');
mkdirSync(path.join(media, 'photos'), { recursive: true });
process.env.MEDIA_ROOT = media;
process.env.IMAGE_CACHE_DIR = path.join(dir, 'variants');
process.env.IMAGE_REMOTE_HOSTS = 'localhost,127.0.0.1';

const { closeDatabase, switchDatabase } = await import('@/lib/db');
const { applyMigrations } = await import('@/lib/db/migrate');
const { ApiError } = await import('@/lib/api/errors');
const { optimize, describeSource, variantCache } = await import('@/lib/images/service');
const { optimizeBatch } = await import('@/lib/images/batch');
const { purgeVariants } = await import('@/lib/images/purge');
const { transformSchema } = await import('@/lib/images/options');
const { probe, transform } = await import('@/lib/images/pipeline');
const { guardedFetch } = await import('@/lib/net/guarded-fetch');
const { AddressPolicy } = await import('@/lib/net/address-policy');
const { createTestDatabase } = await import('../helpers/databases');

const t = (o: Record<string, unknown> = {}) => transformSchema.parse(o);
let drop: () => Promise<void>;

beforeAll(async () => {
  const tdb = await createTestDatabase('sqlite');
  drop = tdb.drop;
  await applyMigrations(tdb.target);
  await switchDatabase(tdb.target);
  // A 1600×1200 photo-like JPEG stored rotated (EXIF orientation 6), and a PNG with transparency.
  const gradient = await sharp({ create: { width: 1200, height: 1600, channels: 3, background: '#3060c0' } })
    .composite([
      {
        input: Buffer.from('<svg width="1200" height="1600"><circle cx="600" cy="500" r="400" fill="#e0a030"/></svg>'),
      },
    ])
    .jpeg({ quality: 95 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
  writeFileSync(path.join(media, 'photos', 'hero.jpg'), gradient);
  writeFileSync(
    path.join(media, 'logo.png'),
    await sharp({ create: { width: 400, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer(),
  );
  writeFileSync(path.join(media, 'notes.jpg'), 'this is not an image');
  writeFileSync(path.join(dir, 'secret.jpg'), gradient);
  symlinkSync(path.join(dir, 'secret.jpg'), path.join(media, 'escape.jpg'));
});
afterAll(async () => {
  await closeDatabase();
  await drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('optimize', () => {
  it('rotates by EXIF, resizes without enlarging, strips metadata and picks the format from Accept', async () => {
    const out = await optimize('/photos/hero.jpg', t({ width: 800 }), 'image/avif,image/webp,*/*');
    expect(out.transform.format).toBe('avif');
    expect(out.contentType).toBe('image/avif');
    const meta = await sharp(out.bytes).metadata();
    expect([meta.width, meta.height]).toEqual([800, 600]); // landscape once rotated: 1600×1200 → 800×600
    expect(meta.orientation).toBeUndefined();
    expect(meta.exif).toBeUndefined();
    expect(out.bytes.length).toBeLessThan(out.sourceBytes);
    const webp = await optimize('/photos/hero.jpg', t({ width: 800 }), 'image/webp,*/*');
    expect(webp.transform.format).toBe('webp');
    const plain = await optimize('/photos/hero.jpg', t({ width: 5000 }), 'image/*', { dimensions: true });
    expect(plain.transform.format).toBe('jpeg');
    expect(plain.width).toBe(1600); // capped by the source, never enlarged
    expect((await optimize('/logo.png', t({ width: 100 }), '*/*')).transform.format).toBe('png'); // keeps transparency
  });

  it('encodes a variant once: the second request and concurrent ones come from the cache', async () => {
    const before = await variantCache().stats();
    const [a, b, c] = await Promise.all(
      [1, 2, 3].map(() => optimize('/photos/hero.jpg', t({ width: 321, format: 'webp' }), null)),
    );
    const after = await variantCache().stats();
    expect(after.misses - before.misses).toBe(1);
    expect([a?.cached, b?.cached, c?.cached].filter(Boolean)).toHaveLength(2);
    expect(a?.etag).toBe(b?.etag);
    const again = await optimize('/photos/hero.jpg', t({ width: 321, format: 'webp' }), null);
    expect(again.cached).toBe(true);
    expect(again.bytes.equals(a?.bytes as Buffer)).toBe(true);
  });

  it('describes a source with a ~20 px blur placeholder and its dominant colour', async () => {
    const d = await describeSource('/photos/hero.jpg');
    expect(d).toMatchObject({ width: 1600, height: 1200, format: 'jpeg', hasAlpha: false });
    expect(d.blurDataUrl).toMatch(/^data:image\/webp;base64,/);
    const tiny = await sharp(Buffer.from((d.blurDataUrl as string).split(',')[1] as string, 'base64')).metadata();
    expect(Math.max(tiny.width ?? 0, tiny.height ?? 0)).toBe(20);
    expect(d.dominantColor).toMatch(/^#[0-9a-f]{6}$/);
  });

  it.each([
    ['/../secret.jpg', 'bad_request', /\.\. segments/],
    ['/photos/%2e%2e/%2e%2e/secret.jpg', 'bad_request', /\.\. segments/],
    ['/escape.jpg', 'bad_request', /outside the media root/],
    ['/missing.jpg', 'not_found', /no file/],
    ['/notes.jpg', 'unprocessable', /not a readable image/],
    ['photos/hero.jpg', 'bad_request', /starting with \//],
    ['file:///etc/passwd', 'bad_request', /starting with \//],
    ['/photos/hero.jpg\u0000.png', 'bad_request', /NUL/],
  ])('refuses %s', async (src, code, message) => {
    const err = await optimize(src, t({ width: 100 }), null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as InstanceType<typeof ApiError>).code).toBe(code);
    expect((err as Error).message).toMatch(message);
  });

  it('refuses images over the pixel limit before decoding them', async () => {
    const big = await sharp({ create: { width: 8000, height: 8000, channels: 3, background: '#fff' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    const limits = { maxInputPixels: 50_000_000, timeoutMs: 10_000 };
    await expect(probe(big, limits)).rejects.toThrow(/IMAGE_MAX_INPUT_PIXELS/);
    await expect(
      transform(big, { fit: 'cover', quality: 80, format: 'jpeg', animated: false, width: 100 }, limits),
    ).rejects.toThrow(/IMAGE_MAX_INPUT_PIXELS/);
  });

  it('converts the first frame of a 10,000-frame GIF, and refuses to convert all of them', async () => {
    // A real GIF89a with 10,000 1×1 frames (each: graphic control, descriptor, one LZW block).
    const head = Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255]);
    const frame = Buffer.from([
      0x21, 0xf9, 0x04, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0x00,
    ]);
    const gif = Buffer.concat([head, ...Array.from({ length: 10_000 }, () => frame), Buffer.from([0x3b])]);
    const limits = { maxInputPixels: 50_000_000, timeoutMs: 10_000 };
    expect((await probe(gif, limits)).pages).toBe(10_000);
    const started = Date.now();
    expect((await transform(gif, { fit: 'cover', quality: 80, format: 'webp', animated: false }, limits)).width).toBe(
      1,
    );
    await expect(transform(gif, { fit: 'cover', quality: 80, format: 'webp', animated: true }, limits)).rejects.toThrow(
      /10000 frames; at most 1000/,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('refuses SVG with scripts or outside references, and renders a clean one', async () => {
    const limits = { maxInputPixels: 50_000_000, timeoutMs: 10_000 };
    const svg = (body: string) =>
      Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="20" height="20">${body}</svg>`,
      );
    await expect(probe(svg('<script>alert(1)</script>'), limits)).rejects.toThrow(/SVG refused: it contains a script/);
    await expect(probe(svg('<image xlink:href="file:///etc/passwd" width="20" height="20"/>'), limits)).rejects.toThrow(
      /references file:/,
    );
    await expect(probe(svg('<image href="http://169.254.169.254/x" width="20" height="20"/>'), limits)).rejects.toThrow(
      /references http:/,
    );
    await expect(probe(svg('<rect width="20" height="20" onload="x()"/>'), limits)).rejects.toThrow(/event handler/);
    expect(await probe(svg('<rect width="20" height="20" fill="#c33"/><use href="#a"/>'), limits)).toMatchObject({
      format: 'svg',
      width: 20,
    });
  });

  it('answers a batch item by item, with totals', async () => {
    const r = await optimizeBatch(
      [
        { src: '/photos/hero.jpg', options: { width: 400, format: 'jpeg' } },
        { src: '/missing.jpg', options: {} },
        { src: '/logo.png', options: { preset: 'thumbnail' } },
      ],
      null,
    );
    expect(r).toMatchObject({ total: 3, succeeded: 2, failed: 1 });
    expect(r.results[1]).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(r.results[2]).toMatchObject({ ok: true, width: 150 });
  });
});

describe('purge', () => {
  it('drops the variants of a path, a prefix or everything, and they are encoded again on demand', async () => {
    await optimize('/photos/hero.jpg', t({ width: 200, format: 'webp' }), null);
    await optimize('/photos/hero.jpg', t({ width: 300, format: 'webp' }), null);
    await optimize('/logo.png', t({ width: 50, format: 'png' }), null);
    // Variant records are written after the response: give them a moment.
    await new Promise((r) => setTimeout(r, 200));
    const path = await purgeVariants('path', '/photos/hero.jpg');
    expect(path.variants).toBeGreaterThanOrEqual(2);
    expect(path.sources).toBe(1);
    expect((await optimize('/photos/hero.jpg', t({ width: 200, format: 'webp' }), null)).cached).toBe(false);
    expect((await optimize('/logo.png', t({ width: 50, format: 'png' }), null)).cached).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect((await purgeVariants('prefix', '/photos/')).sources).toBe(1);
    const all = await purgeVariants('all', undefined);
    expect(all.variants).toBeGreaterThanOrEqual(1);
    expect((await variantCache().stats()).variants).toBe(0);
  });
});

describe('remote sources', () => {
  let server: http.Server;
  let port = 0;
  let jpeg: Buffer;
  beforeAll(async () => {
    jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#0a0' } })
      .jpeg()
      .toBuffer();
    server = http.createServer((req, res) => {
      if (req.url === '/img.jpg') return res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg);
      if (req.url === '/to-metadata')
        return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      if (req.url === '/huge') return res.writeHead(200, { 'content-length': String(1e9) }).end();
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const opts = (ranges: string[] = []) => ({
    policy: new AddressPolicy(ranges),
    hosts: ['localhost', '127.0.0.1'],
    maxBytes: 1_000_000,
    timeoutMs: 5_000,
  });

  it('never reaches loopback unless an operator opens the range — by name or by literal', async () => {
    await expect(guardedFetch(`http://localhost:${port}/img.jpg`, opts())).rejects.toThrow(/resolves to .*loopback/);
    await expect(guardedFetch(`http://127.0.0.1:${port}/img.jpg`, opts())).rejects.toThrow(/loopback/);
    const ok = await guardedFetch(`http://127.0.0.1:${port}/img.jpg`, opts(['127.0.0.1/32']));
    expect(ok.bytes.equals(jpeg)).toBe(true);
    // The service refuses the same way (403) with the default configuration.
    const err = await optimize(`http://localhost:${port}/img.jpg`, t({ width: 10 }), null).catch((e: unknown) => e);
    expect((err as InstanceType<typeof ApiError>).code).toBe('forbidden');
  });

  it('checks every redirect hop, the allowlist, the scheme and the size', async () => {
    await expect(guardedFetch(`http://127.0.0.1:${port}/to-metadata`, opts(['127.0.0.1/32']))).rejects.toThrow(
      /169.254.169.254.*(allowlist|link-local)/,
    );
    await expect(guardedFetch('http://evil.example/img.jpg', opts())).rejects.toThrow(/allowlist/);
    await expect(guardedFetch('ftp://127.0.0.1/x', opts())).rejects.toThrow(/only http and https/);
    await expect(guardedFetch(`http://user:pw@127.0.0.1:${port}/img.jpg`, opts(['127.0.0.1/32']))).rejects.toThrow(
      /credentials/,
    );
    await expect(guardedFetch(`http://127.0.0.1:${port}/huge`, opts(['127.0.0.1/32']))).rejects.toThrow(/at most/);
  });
});
