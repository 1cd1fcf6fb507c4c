// npm run bench:images — Redline's optimize path against Next.js's own /_next/image (same server,
// same images, same width/quality/format) and the vips CLI (vipsthumbnail, Debian libvips-tools)
// doing the same resize + encode: cold throughput (every variant new), cached throughput, output
// bytes, and quality (SSIM against a Lanczos resize of the source), side by side in one run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { ssim } from 'ssim.js';
import { drive, fmt, startRedline, token } from './harness';
import {
  type Combo,
  coldPath,
  coldVips,
  IMG_DIR,
  imagePaths,
  makeImages,
  QUALITY,
  removeImages,
  WIDTHS,
} from './images-setup';

const IMAGES = Number(process.env.BENCH_IMAGES ?? 12);
const COLD_ROUNDS = 2; // in alternating order, so neither path always goes first
const CACHED_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const COLD_CONCURRENCY = 2; // one per core
const CACHED_CONCURRENCY = 8;

if (spawnSync('vipsthumbnail', ['--version']).error) {
  console.error('vipsthumbnail is not installed: apt-get install -y libvips-tools');
  process.exit(1);
}

const { names, combos } = await makeImages(IMAGES);
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'redline-variants-'));
const vipsOut = mkdtempSync(path.join(os.tmpdir(), 'vips-bench-'));

const server = await startRedline('sqlite', 3204, { IMAGE_CACHE_DIR: cacheDir });
type Result = { name: string; coldPerSec: number; cachedPerSec: number | null; bytes: number; ssim: number };
const results: Result[] = [];
try {
  const p = await imagePaths(server, await token(server.url, 'viewer'), names, combos);
  const systems = [p.delivery, p.api, p.next];
  const cold = new Map<string, { seconds: number; outputs: Buffer[] }>();
  for (let round = 0; round < COLD_ROUNDS; round++) {
    for (const sys of round % 2 ? [...systems].reverse() : systems) {
      // Every path starts each round from an empty cache (Redline's variants, Next's image cache).
      const run = await coldPath(sys, combos, COLD_CONCURRENCY, cacheDir);
      const c = cold.get(sys.name) ?? { seconds: 0, outputs: run.outputs };
      c.seconds += run.seconds;
      cold.set(sys.name, c);
    }
  }
  // Cached: each path warmed for 2 s first (the cold runs exercised encoding, not this answer),
  // then two runs each in alternating order, so neither path always runs first or last.
  const cachedRun = (sys: (typeof systems)[number], seconds: number) =>
    drive(seconds, CACHED_CONCURRENCY, (k) =>
      fetch(sys.url(combos[k % combos.length] as Combo, k % combos.length), { headers: sys.headers }),
    );
  for (const sys of systems) await cachedRun(sys, 2);
  const cachedOk = new Map<string, { ok: number; seconds: number }>();
  for (let round = 0; round < 2; round++) {
    for (const sys of round % 2 ? [...systems].reverse() : systems) {
      const r = await cachedRun(sys, CACHED_SECONDS / 2);
      const c = cachedOk.get(sys.name) ?? { ok: 0, seconds: 0 };
      cachedOk.set(sys.name, { ok: c.ok + r.ok, seconds: c.seconds + r.seconds });
    }
  }
  for (const sys of systems) {
    const c = cold.get(sys.name) as { seconds: number; outputs: Buffer[] };
    const cached = cachedOk.get(sys.name) as { ok: number; seconds: number };
    results.push({
      name: sys.name,
      coldPerSec: (COLD_ROUNDS * combos.length) / c.seconds,
      cachedPerSec: cached.ok / cached.seconds,
      bytes: c.outputs.reduce((n, b) => n + b.length, 0),
      ssim: await meanSsim(c.outputs),
    });
  }
  const vips = await coldVips(combos, COLD_CONCURRENCY, vipsOut);
  results.push({
    name: 'vipsthumbnail 8.14 CLI (WebP Q75)',
    coldPerSec: combos.length / vips.seconds,
    cachedPerSec: null,
    bytes: vips.outputs.reduce((n, b) => n + b.length, 0),
    ssim: await meanSsim(vips.outputs),
  });
} finally {
  await server.stop();
  removeImages();
  rmSync(cacheDir, { recursive: true, force: true });
  rmSync(vipsOut, { recursive: true, force: true });
}

/** SSIM of each output against a Lanczos resize of its source to the output's size. */
async function meanSsim(outputs: Buffer[]): Promise<number> {
  let total = 0;
  for (const [i, out] of outputs.entries()) {
    const c = combos[i] as Combo;
    const decoded = await sharp(out).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const ref = await sharp(path.join(IMG_DIR, c.n))
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
  `\nImages: ${IMAGES} photo-like 1920×1280 JPEGs × widths ${WIDTHS.join(', ')} = ${combos.length} variants, WebP quality ${QUALITY}; cold with ${COLD_CONCURRENCY} at a time, ${COLD_ROUNDS} rounds in alternating order, cached ${CACHED_SECONDS} s each (2 s warm-up, 2 runs in alternating order) with ${CACHED_CONCURRENCY} connections; 2-core machine, client and server share it\n`,
);
console.log('| path | cold variants/s | cached requests/s | output bytes | mean SSIM |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const r of results)
  console.log(
    `| ${r.name} | **${r.coldPerSec.toFixed(1)}** | ${r.cachedPerSec === null ? '—' : fmt(r.cachedPerSec)} | ${fmt(r.bytes)} | ${r.ssim.toFixed(4)} |`,
  );
process.exit(0);
