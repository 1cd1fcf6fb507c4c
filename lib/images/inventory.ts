// The asset inventory: image files under the media root and public/, each with its measured
// dimensions and bytes and the variants made from it (how many, the smallest, the saving).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { config } from '../config';
import { db } from '../db';
import { decodeTags } from './asset-meta';
import { once, slot } from '../process/registry';

const IMAGE_EXT = /\.(jpe?g|png|webp|avif|gif|tiff?)$/i;
export const MAX_ASSETS = 5_000;

export interface Asset {
  src: string;
  root: 'media' | 'public';
  bytes: number;
  format: string | null;
  width: number | null;
  height: number | null;
  modifiedAt: string;
  variants: number;
  /** the smallest variant's bytes, and what it saves against the source */
  smallestBytes: number | null;
  savedBytes: number | null;
  /** the operator's tags and critical mark (Assets tab) */
  tags: string[];
  critical: boolean;
}

/** header facts of local images by file (read again when size or mtime change) */
const META_CACHE =
  slot<
    Map<string, { mtimeMs: number; size: number; format: string | null; width: number | null; height: number | null }>
  >('imageMetaCache');
const metaCache = () => once(META_CACHE, () => new Map());

async function walk(
  root: string,
  rel = '',
  out: { rel: string; file: string }[] = [],
): Promise<{ rel: string; file: string }[]> {
  const entries = await fs.readdir(path.join(root, rel), { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (out.length >= MAX_ASSETS) break;
    if (e.name.startsWith('.')) continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) await walk(root, r, out);
    else if (e.isFile() && IMAGE_EXT.test(e.name)) out.push({ rel: r, file: path.join(root, r) });
  }
  return out;
}

async function metaOf(file: string, mtimeMs: number, size: number) {
  const known = metaCache().get(file);
  if (known && known.mtimeMs === mtimeMs && known.size === size) return known;
  const env = config();
  const m = await sharp(file, { limitInputPixels: env.IMAGE_MAX_INPUT_PIXELS })
    .metadata()
    .catch(() => undefined);
  const swap = (m?.orientation ?? 1) >= 5;
  const entry = {
    mtimeMs,
    size,
    format: m?.format ?? null,
    width: (swap ? m?.height : m?.width) ?? null,
    height: (swap ? m?.width : m?.height) ?? null,
  };
  metaCache().set(file, entry);
  return entry;
}

export async function listAssets(): Promise<{ assets: Asset[]; truncated: boolean }> {
  const roots: [Asset['root'], string][] = [
    ['media', path.resolve(config().MEDIA_ROOT)],
    ['public', path.resolve('public')],
  ];
  const files: { root: Asset['root']; rel: string; file: string }[] = [];
  for (const [root, dir] of roots) for (const f of await walk(dir)) files.push({ root, ...f });
  const variants = await db().imageVariant.groupBy({ by: ['source'], _count: { _all: true }, _min: { bytes: true } });
  const bySource = new Map(variants.map((v) => [v.source, v]));
  const marks = new Map((await db().assetMeta.findMany()).map((m) => [m.path, m]));
  const assets: Asset[] = [];
  for (const f of files.slice(0, MAX_ASSETS)) {
    const stat = await fs.stat(f.file).catch(() => undefined);
    if (!stat) continue;
    const meta = await metaOf(f.file, stat.mtimeMs, stat.size);
    const src = `/${f.rel}`;
    const v = bySource.get(src);
    const smallest = v?._min.bytes ?? null;
    assets.push({
      src,
      root: f.root,
      bytes: stat.size,
      format: meta.format,
      width: meta.width,
      height: meta.height,
      modifiedAt: stat.mtime.toISOString(),
      variants: v?._count._all ?? 0,
      smallestBytes: smallest,
      savedBytes: smallest === null ? null : stat.size - smallest,
      tags: decodeTags(marks.get(src)?.tags ?? ''),
      critical: marks.get(src)?.critical ?? false,
    });
  }
  return { assets, truncated: files.length >= MAX_ASSETS };
}
