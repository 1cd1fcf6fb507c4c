// Text assets (CSS, JS, SVG, JSON …) under the media root or public/, delivered compressed:
// Brotli or gzip as the client accepts, each encoding made once and kept in the variant cache.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ApiError } from '../api/errors';
import { svgProblem } from '../images/svg-check';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { config } from '../config';
import { findLocal } from '../images/local-source';
import { variantCache } from '../images/service';
import { VariantCache } from '../images/variant-cache';
import { once, slot } from '../process/registry';

const TYPES: Record<string, { type: string; kind: 'css' | 'js' | 'images' | 'other' }> = {
  '.css': { type: 'text/css; charset=utf-8', kind: 'css' },
  '.js': { type: 'text/javascript; charset=utf-8', kind: 'js' },
  '.mjs': { type: 'text/javascript; charset=utf-8', kind: 'js' },
  '.svg': { type: 'image/svg+xml', kind: 'images' },
  '.json': { type: 'application/json', kind: 'other' },
  '.txt': { type: 'text/plain; charset=utf-8', kind: 'other' },
  '.xml': { type: 'application/xml', kind: 'other' },
};

export function isTextAsset(src: string): boolean {
  return Object.hasOwn(TYPES, path.extname(src).toLowerCase());
}

export type Encoding = 'br' | 'gzip' | 'identity';

/** Pure: Brotli, then gzip, when the client accepts them (q=0 refuses). */
export function chooseEncoding(acceptEncoding: string | undefined, enabled: boolean): Encoding {
  if (!enabled || !acceptEncoding) return 'identity';
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    if (name) accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const ok = (e: string) => (accepted.get(e) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}

/** text assets' content hashes (and refusals) by file, by size and mtime */
const TEXT_MEMO = slot<Map<string, { stamp: string; hash: string; refused?: string }>>('textAssetMemo');
const textMemo = () => once(TEXT_MEMO, () => new Map());

export interface TextAsset {
  hash: string;
  bytes: Buffer;
  contentType: string;
  cacheControl: string;
  encoding: Encoding;
}

export async function loadTextAsset(src: string, acceptEncoding?: string): Promise<TextAsset> {
  const env = config();
  const ref = await findLocal(src, [path.resolve(env.MEDIA_ROOT), path.resolve('public')], env.IMAGE_MAX_SOURCE_BYTES);
  const t = TYPES[path.extname(ref.file).toLowerCase()] ?? { type: 'application/octet-stream', kind: 'other' as const };
  const stamp = `${ref.size}:${ref.mtimeMs}`;
  let raw: Buffer | undefined;
  let known = textMemo().get(ref.file);
  if (known?.stamp !== stamp) {
    raw = await fs.readFile(ref.file);
    // An SVG is served as a document of our origin: one with scripts or outside references is refused.
    const refused = t.type === 'image/svg+xml' ? svgProblem(raw.toString('utf8')) : undefined;
    known = { stamp, hash: createHash('sha256').update(raw).digest('hex'), refused };
    textMemo().set(ref.file, known);
  }
  if (known.refused) throw new ApiError('unprocessable', `SVG refused: ${known.refused}`);
  const hash = known.hash;
  const encoding = chooseEncoding(acceptEncoding, env.CDN_COMPRESSION);
  const source = async () => raw ?? fs.readFile(ref.file);
  const bytes =
    encoding === 'identity'
      ? await source()
      : (
          await variantCache().getOrCreate(VariantCache.key(hash, encoding), async () => {
            const input = await source();
            return encoding === 'br'
              ? promisify(brotliCompress)(input, {
                  params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: input.length },
                })
              : promisify(gzip)(input, { level: 9 });
          })
        ).bytes;
  const cacheControl =
    t.kind === 'css'
      ? env.CDN_CACHE_HEADERS_CSS
      : t.kind === 'js'
        ? env.CDN_CACHE_HEADERS_JS
        : t.kind === 'images'
          ? env.CDN_CACHE_HEADERS_IMAGES
          : env.CDN_CACHE_HEADERS_CSS;
  return { hash, bytes, contentType: t.type, cacheControl, encoding };
}
