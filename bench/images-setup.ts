// What bench:images and the images gate share: photo-like test images under public/, the variants
// asked for, each path's URL, a warm-up, and a cold run (every variant new).
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { ROOT, type Server } from './harness';

const run = promisify(execFile);
export const WIDTHS = [640, 750, 828, 1080, 1200]; // widths /_next/image accepts by default
export const QUALITY = 75; // the one quality Next 16 accepts by default
export const IMG_DIR = path.join(ROOT, 'public', 'bench-images');
const NEXT_CACHE = path.join(ROOT, '.next', 'cache', 'images');

export interface Combo {
  n: string;
  w: number;
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

/** `count` 1920×1280 JPEGs under public/bench-images, every width of each; Next's image cache emptied. */
export async function makeImages(count: number): Promise<{ names: string[]; combos: Combo[] }> {
  mkdirSync(IMG_DIR, { recursive: true });
  const names = Array.from({ length: count }, (_, i) => `photo${i}.jpg`);
  await Promise.all(names.map((n, i) => makeImage(i + 1, path.join(IMG_DIR, n))));
  clearNextCache();
  return { names, combos: names.flatMap((n) => WIDTHS.map((w) => ({ n, w }))) };
}

export const removeImages = () => rmSync(IMG_DIR, { recursive: true, force: true });
export const clearNextCache = () => rmSync(NEXT_CACHE, { recursive: true, force: true });
export function clearVariants(cacheDir: string): void {
  for (const f of readdirSync(cacheDir)) rmSync(path.join(cacheDir, f), { recursive: true, force: true });
}

export interface ImagePath {
  name: string;
  url: (c: Combo, i: number) => string;
  headers: Record<string, string>;
  /** Redline's (its variant cache) or Next's (its image cache) */
  redline: boolean;
}

/**
 * The three paths to the same variants: signed delivery (URLs signed before the clock starts, as
 * a page would embed them), the images API with a token, and Next's /_next/image; each path's code
 * warmed on another width, so cold figures measure encoding, not first-use module loading.
 */
export async function imagePaths(server: Server, bearer: string, names: string[], combos: Combo[]) {
  const auth = { authorization: `Bearer ${bearer}`, accept: 'image/webp,*/*' };
  const signUrl = async (n: string, w: number) => {
    const r = await fetch(
      `${server.url}/api/optimization/cdn?action=url&path=/bench-images/${n}&width=${w}&quality=${QUALITY}&format=webp`,
      { headers: auth },
    );
    return `${server.url}${((await r.json()) as { url: string }).url}`;
  };
  const signed = await Promise.all(combos.map((c) => signUrl(c.n, c.w)));
  const paths = {
    delivery: {
      name: 'Redline signed delivery /d/ (WebP q75)',
      url: (_c: Combo, i: number) => signed[i] as string,
      headers: { accept: 'image/webp,*/*' },
      redline: true,
    },
    api: {
      name: 'Redline images API, token (WebP q75)',
      url: (c: Combo) =>
        `${server.url}/api/optimization/images?action=optimize&src=/bench-images/${c.n}&width=${c.w}&quality=${QUALITY}&format=webp`,
      headers: auth,
      redline: true,
    },
    next: {
      name: 'Next.js /_next/image (WebP q75)',
      url: (c: Combo) =>
        `${server.url}/_next/image?url=${encodeURIComponent(`/bench-images/${c.n}`)}&w=${c.w}&q=${QUALITY}`,
      headers: { accept: 'image/webp,*/*' },
      redline: false,
    },
  } satisfies Record<string, ImagePath>;
  const first = names[0] as string;
  for (const u of [
    await signUrl(first, 320),
    `${server.url}/api/optimization/images?action=optimize&src=/bench-images/${first}&width=320&format=webp`,
    `${server.url}/_next/image?url=${encodeURIComponent(`/bench-images/${first}`)}&w=384&q=${QUALITY}`,
  ]) {
    const r = await fetch(u, { headers: auth });
    if (r.status !== 200) throw new Error(`warm-up ${u}: ${r.status}`);
    await r.arrayBuffer();
  }
  return paths;
}

/** Every variant once through `p`, `concurrency` at a time, from an empty cache: outputs and seconds. */
export async function coldPath(
  p: ImagePath,
  combos: Combo[],
  concurrency: number,
  cacheDir: string,
): Promise<{ seconds: number; outputs: Buffer[] }> {
  if (p.redline) clearVariants(cacheDir);
  else clearNextCache();
  const t0 = performance.now();
  const outputs = await coldRun(combos.length, concurrency, async (i) => {
    const res = await fetch(p.url(combos[i] as Combo, i), { headers: p.headers });
    if (res.status !== 200 || !(res.headers.get('content-type') ?? '').includes('webp'))
      throw new Error(`${p.name}: ${res.status} ${res.headers.get('content-type')}`);
    return Buffer.from(await res.arrayBuffer());
  });
  return { seconds: (performance.now() - t0) / 1000, outputs };
}

/** vipsthumbnail: the same resize + WebP encode, one process per image (how the CLI is used). */
export async function coldVips(combos: Combo[], concurrency: number, outDir: string) {
  const t0 = performance.now();
  const outputs = await coldRun(combos.length, concurrency, async (i) => {
    const c = combos[i] as Combo;
    const out = path.join(outDir, `${i}.webp`);
    await run('vipsthumbnail', [path.join(IMG_DIR, c.n), '--size', `${c.w}x`, '-o', `${out}[Q=${QUALITY},strip]`]);
    return readFileSync(out);
  });
  return { seconds: (performance.now() - t0) / 1000, outputs };
}

/** make(i) for every i < n, `concurrency` at a time; the outputs in order. */
async function coldRun(n: number, concurrency: number, make: (i: number) => Promise<Buffer>): Promise<Buffer[]> {
  const outputs: Buffer[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) outputs[i] = await make(i);
    }),
  );
  return outputs;
}
