// npm run bench:images — Redline's optimize path against Next.js's own /_next/image (same server,
// same images, same width/quality/format) and the vips CLI (vipsthumbnail, Debian libvips-tools)
// doing the same resize + encode: cold throughput (every variant new), cached throughput, output
// bytes, and quality (SSIM against a Lanczos resize of the source), side by side in one run.
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { ssim } from 'ssim.js';
import { drive, fmt, ROOT, startRedline, token } from './harness';

const run = promisify(execFile);
const IMAGES = Number(process.env.BENCH_IMAGES ?? 12);
const WIDTHS = [640, 750, 828, 1080, 1200]; // widths /_next/image accepts by default
const COLD_ROUNDS = 2; // in alternating order, so neither path always goes first
const QUALITY = 75; // the one quality Next 16 accepts by default
const CACHED_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const COLD_CONCURRENCY = 2; // one per core
const CACHED_CONCURRENCY = 8;

if (spawnSync('vipsthumbnail', ['--version']).error) {
  console.error('vipsthumbnail is not installed: apt-get install -y libvips-tools');
  process.exit(1);
}

/** Photo-like test images: smooth colour fields, mid-scale texture and fine grain, seeded. */
async function makeImage(seed: number, file: string): Promise<void> {
  let s = seed * 2654435761;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const layer = async (w: number, h: number, amp: number) => {
    const buf = Buffer.alloc(w * h * 3);
    for (let i = 0; i < buf.length; i++) buf[i] = Math.round(128 + (rnd() - 0.5) * 2 * amp);
    return sharp(buf, { raw: { width: w, height: h, channels: 3 } })
      .resize(1920, 1280, { kernel: 'cubic' })
      .raw()
      .toBuffer();
  };
  const [a, b, c] = await Promise.all([layer(12, 8, 127), layer(96, 64, 60), layer(960, 640, 25)]);
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < out.length; i++)
    out[i] = Math.max(0, Math.min(255, (a[i] as number) + (b[i] as number) - 128 + (c[i] as number) - 128));
  await sharp(out, { raw: { width: 1920, height: 1280, channels: 3 } })
    .jpeg({ quality: 90 })
    .toFile(file);
}

const imgDir = path.join(ROOT, 'public', 'bench-images');
mkdirSync(imgDir, { recursive: true });
const names = Array.from({ length: IMAGES }, (_, i) => `photo${i}.jpg`);
await Promise.all(names.map((n, i) => makeImage(i + 1, path.join(imgDir, n))));
rmSync(path.join(ROOT, '.next', 'cache', 'images'), { recursive: true, force: true }); // Next starts cold too
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'redline-variants-'));
const vipsOut = mkdtempSync(path.join(os.tmpdir(), 'vips-bench-'));
const combos = names.flatMap((n) => WIDTHS.map((w) => ({ n, w })));

const server = await startRedline('sqlite', 3204, { IMAGE_CACHE_DIR: cacheDir });
type Result = { name: string; coldPerSec: number; cachedPerSec: number | null; bytes: number; ssim: number };
const results: Result[] = [];
try {
  const auth = { authorization: `Bearer ${await token(server.url, 'viewer')}`, accept: 'image/webp,*/*' };
  // Signed delivery URLs for every variant, made before the clock starts (as a page would embed them).
  const signed = await Promise.all(
    combos.map(async (c) => {
      const r = await fetch(
        `${server.url}/api/optimization/cdn?action=url&path=/bench-images/${c.n}&width=${c.w}&quality=${QUALITY}&format=webp`,
        { headers: auth },
      );
      return `${server.url}${((await r.json()) as { url: string }).url}`;
    }),
  );
  const systems = [
    {
      name: 'Redline signed delivery /d/ (WebP q75)',
      url: (_c: (typeof combos)[number], i: number) => signed[i] as string,
      headers: { accept: 'image/webp,*/*' },
      redline: true,
    },
    {
      name: 'Redline images API, token (WebP q75)',
      url: (c: (typeof combos)[number]) =>
        `${server.url}/api/optimization/images?action=optimize&src=/bench-images/${c.n}&width=${c.w}&quality=${QUALITY}&format=webp`,
      headers: auth,
      redline: true,
    },
    {
      name: 'Next.js /_next/image (WebP q75)',
      url: (c: (typeof combos)[number]) =>
        `${server.url}/_next/image?url=${encodeURIComponent(`/bench-images/${c.n}`)}&w=${c.w}&q=${QUALITY}`,
      headers: { accept: 'image/webp,*/*' },
      redline: false,
    },
  ];
  // Warm every path's code (not the measured variants: another width) so cold figures measure
  // encoding, not first-use module loading.
  const warm = (await (
    await fetch(`${server.url}/api/optimization/cdn?action=url&path=/bench-images/${names[0]}&width=320&format=webp`, {
      headers: auth,
    })
  ).json()) as { url: string };
  for (const u of [
    `${server.url}${warm.url}`,
    `${server.url}/api/optimization/images?action=optimize&src=/bench-images/${names[0]}&width=320&format=webp`,
    `${server.url}/_next/image?url=${encodeURIComponent(`/bench-images/${names[0]}`)}&w=384&q=${QUALITY}`,
  ]) {
    const r = await fetch(u, { headers: auth });
    if (r.status !== 200) throw new Error(`warm-up ${u}: ${r.status}`);
    await r.arrayBuffer();
  }
  const cold = new Map<string, { seconds: number; outputs: Buffer[] }>();
  for (let round = 0; round < COLD_ROUNDS; round++) {
    for (const sys of round % 2 ? [...systems].reverse() : systems) {
      // Every path starts each round from an empty cache (Redline's variants, Next's image cache).
      if (sys.redline)
        for (const f of readdirSync(cacheDir)) rmSync(path.join(cacheDir, f), { recursive: true, force: true });
      else rmSync(path.join(ROOT, '.next', 'cache', 'images'), { recursive: true, force: true });
      const t0 = performance.now();
      const outputs = await coldRun(async (i) => {
        const res = await fetch(sys.url(combos[i] as (typeof combos)[number], i), { headers: sys.headers });
        if (res.status !== 200 || !(res.headers.get('content-type') ?? '').includes('webp'))
          throw new Error(`${sys.name}: ${res.status} ${res.headers.get('content-type')}`);
        return Buffer.from(await res.arrayBuffer());
      });
      const c = cold.get(sys.name) ?? { seconds: 0, outputs };
      c.seconds += (performance.now() - t0) / 1000;
      cold.set(sys.name, c);
    }
  }
  for (const sys of systems) {
    const c = cold.get(sys.name) as { seconds: number; outputs: Buffer[] };
    const cached = await drive(CACHED_SECONDS, CACHED_CONCURRENCY, (k) =>
      fetch(sys.url(combos[k % combos.length] as (typeof combos)[number], k % combos.length), { headers: sys.headers }),
    );
    results.push({
      name: sys.name,
      coldPerSec: (COLD_ROUNDS * combos.length) / c.seconds,
      cachedPerSec: cached.ok / cached.seconds,
      bytes: c.outputs.reduce((n, b) => n + b.length, 0),
      ssim: await meanSsim(c.outputs),
    });
  }
  // vipsthumbnail: the same resize + WebP encode, one process per image (how the CLI is used).
  const t0 = performance.now();
  const outputs = await coldRun(async (i) => {
    const c = combos[i] as (typeof combos)[number];
    const out = path.join(vipsOut, `${i}.webp`);
    await run('vipsthumbnail', [path.join(imgDir, c.n), '--size', `${c.w}x`, '-o', `${out}[Q=${QUALITY},strip]`]);
    return readFileSync(out);
  });
  results.push({
    name: 'vipsthumbnail 8.14 CLI (WebP Q75)',
    coldPerSec: combos.length / ((performance.now() - t0) / 1000),
    cachedPerSec: null,
    bytes: outputs.reduce((n, b) => n + b.length, 0),
    ssim: await meanSsim(outputs),
  });
} finally {
  await server.stop();
  rmSync(imgDir, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
  rmSync(vipsOut, { recursive: true, force: true });
}

/** Every variant once, COLD_CONCURRENCY at a time; the outputs in order. */
async function coldRun(make: (i: number) => Promise<Buffer>): Promise<Buffer[]> {
  const outputs: Buffer[] = new Array(combos.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: COLD_CONCURRENCY }, async () => {
      for (let i = next++; i < combos.length; i = next++) outputs[i] = await make(i);
    }),
  );
  return outputs;
}

/** SSIM of each output against a Lanczos resize of its source to the output's size. */
async function meanSsim(outputs: Buffer[]): Promise<number> {
  let total = 0;
  for (const [i, out] of outputs.entries()) {
    const c = combos[i] as (typeof combos)[number];
    const decoded = await sharp(out).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const ref = await sharp(path.join(imgDir, c.n))
      .resize(decoded.info.width, decoded.info.height, { kernel: 'lanczos3', fit: 'fill' })
      .ensureAlpha()
      .raw()
      .toBuffer()
      .catch(() => undefined);
    if (!ref) continue;
    const img = (data: Buffer) => ({
      data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length),
      width: decoded.info.width,
      height: decoded.info.height,
    });
    total += ssim(img(ref), img(decoded.data)).mssim;
  }
  return total / outputs.length;
}

console.log(
  `\nImages: ${IMAGES} photo-like 1920×1280 JPEGs × widths ${WIDTHS.join(', ')} = ${combos.length} variants, WebP quality ${QUALITY}; cold with ${COLD_CONCURRENCY} at a time, ${COLD_ROUNDS} rounds in alternating order, cached ${CACHED_SECONDS} s with ${CACHED_CONCURRENCY} connections; 2-core machine, client and server share it\n`,
);
console.log('| path | cold variants/s | cached requests/s | output bytes | mean SSIM |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const r of results)
  console.log(
    `| ${r.name} | **${r.coldPerSec.toFixed(1)}** | ${r.cachedPerSec === null ? '—' : fmt(r.cachedPerSec)} | ${fmt(r.bytes)} | ${r.ssim.toFixed(4)} |`,
  );
process.exit(0);
