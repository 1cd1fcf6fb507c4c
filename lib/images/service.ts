// Image optimization: read a source (local under the media root or public/, or remote from an
// allowlisted host), resolve the transform against the configuration and the Accept header, and
// serve the variant from the disk cache or encode it once.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { ApiError } from '../api/errors';
import { config } from '../config';
import { db } from '../db';
import { metrics } from '../metrics';
import { AddressPolicy } from '../net/address-policy';
import { FetchRefused, guardedFetch } from '../net/guarded-fetch';
import { effectiveSettings } from '../settings/service';
import { readLocal, SourceRefused } from './local-source';
import { CONTENT_TYPES, type ImagePolicy, type ResolvedTransform, resolveTransform, type Transform, transformKey } from './options';
import { ImageRejected, type PipelineLimits, placeholder, probe, type SourceInfo, transform } from './pipeline';
import { VariantCache } from './variant-cache';

const slot = globalThis as typeof globalThis & { __redlineVariants?: VariantCache; __redlineRemoteHashes?: Map<string, { bytes: Buffer; hash: string; at: number }> };

export function variantCache(): VariantCache {
  const env = config();
  slot.__redlineVariants ??= new VariantCache(path.resolve(env.IMAGE_CACHE_DIR), env.IMAGE_CACHE_MAX_BYTES);
  return slot.__redlineVariants;
}

export async function imagePolicy(): Promise<ImagePolicy> {
  const s = await effectiveSettings();
  return {
    formats: s['images.formats'],
    quality: { webp: s['images.quality.webp'], avif: s['images.quality.avif'], jpeg: s['images.quality.jpeg'], png: s['images.quality.png'] },
    maxWidth: s['images.maxWidth'],
    maxHeight: s['images.maxHeight'],
  };
}

function limits(): PipelineLimits {
  const env = config();
  return { maxInputPixels: env.IMAGE_MAX_INPUT_PIXELS, timeoutMs: env.IMAGE_TIMEOUT_MS };
}

export interface Source {
  src: string;
  bytes: Buffer;
  hash: string;
  info: SourceInfo;
}

/** Maps the ways a source can be wrong to the API's errors (never a 500 for bad input). */
function sourceError(err: unknown): never {
  if (err instanceof SourceRefused) throw new ApiError(err.kind === 'not_found' ? 'not_found' : err.kind === 'too_large' ? 'payload_too_large' : 'bad_request', err.message);
  if (err instanceof FetchRefused) throw new ApiError(err.kind === 'refused' ? 'forbidden' : err.kind === 'too_large' ? 'payload_too_large' : 'unprocessable', err.message);
  if (err instanceof ImageRejected) throw new ApiError('unprocessable', err.message);
  throw err;
}

const REMOTE_TTL_MS = 5 * 60_000;

export async function loadSource(src: string): Promise<Source> {
  const env = config();
  try {
    let bytes: Buffer;
    let hash: string;
    if (/^https?:\/\//i.test(src)) {
      // Remote sources are kept in memory for a few minutes: a burst of variants fetches once.
      slot.__redlineRemoteHashes ??= new Map();
      const memo = slot.__redlineRemoteHashes;
      const known = memo.get(src);
      if (known && Date.now() - known.at < REMOTE_TTL_MS) ({ bytes, hash } = known);
      else {
        const hosts = env.IMAGE_REMOTE_HOSTS.split(',').map((h) => h.trim()).filter(Boolean);
        const ranges = env.IMAGE_REMOTE_ALLOW_RANGES.split(',').map((r) => r.trim()).filter(Boolean);
        const fetched = await guardedFetch(src, { policy: new AddressPolicy(ranges), hosts, maxBytes: env.IMAGE_MAX_SOURCE_BYTES, timeoutMs: env.IMAGE_TIMEOUT_MS });
        bytes = fetched.bytes;
        hash = createHash('sha256').update(bytes).digest('hex');
        if (memo.size > 256) memo.clear();
        memo.set(src, { bytes, hash, at: Date.now() });
      }
    } else if (src.startsWith('/')) {
      ({ bytes, hash } = await readLocal(src, [path.resolve(env.MEDIA_ROOT), path.resolve('public')], env.IMAGE_MAX_SOURCE_BYTES));
    } else {
      throw new SourceRefused('src is a path starting with / (under the media root or public/) or an http(s) URL', 'refused');
    }
    return { src, bytes, hash, info: await probe(bytes, limits()) };
  } catch (err) {
    return sourceError(err);
  }
}

export interface Optimized {
  bytes: Buffer;
  contentType: string;
  /** strong: the variant's key, which names its exact bytes */
  etag: string;
  transform: ResolvedTransform;
  width: number;
  height: number;
  sourceBytes: number;
  cached: boolean;
  ms: number;
}

export async function optimize(src: string, t: Transform, accept: string | null): Promise<Optimized> {
  const started = performance.now();
  const policy = await imagePolicy();
  const source = await loadSource(src);
  const resolved = resolveTransform(t, policy, accept, source.info.hasAlpha);
  const key = VariantCache.key(source.hash, transformKey(resolved));
  let encoded: { width: number; height: number } | undefined;
  const { bytes, cached } = await variantCache()
    .getOrCreate(key, async () => {
      const t0 = performance.now();
      const out = await transform(source.bytes, resolved, limits());
      encoded = out;
      // What was made and what it measured; the inventory and the savings history read these.
      const row = { source: src, sourceHash: source.hash, sourceBytes: source.bytes.length, bytes: out.bytes.length, format: resolved.format, width: out.width, height: out.height, params: transformKey(resolved), encodeMs: performance.now() - t0 };
      await db()
        .imageVariant.upsert({ where: { key }, create: { key, ...row }, update: row })
        .catch((e: Error) => console.error(`[images] variant record failed: ${e.message}`));
      return out.bytes;
    })
    .catch(sourceError);
  // A cached variant's dimensions come from its header (cheap: no decode).
  const dims = encoded ?? (await probe(bytes, limits()).catch(() => ({ width: 0, height: 0 })));
  const ms = performance.now() - started;
  const m = metrics();
  m.histogram('image_optimize_duration_ms', ms, { format: resolved.format, cached: String(cached) });
  m.counter('image_variant_requests_total', 1, { result: cached ? 'hit' : 'miss' });
  if (!cached) m.counter('image_bytes_saved_total', Math.max(0, source.bytes.length - bytes.length), { format: resolved.format });
  return { bytes, contentType: CONTENT_TYPES[resolved.format], etag: `"${key.slice(0, 32)}"`, transform: resolved, width: dims.width, height: dims.height, sourceBytes: source.bytes.length, cached, ms };
}

export async function describeSource(src: string) {
  const source = await loadSource(src);
  const ph = config().IMAGE_OPTIMIZATION_PLACEHOLDERS ? await placeholder(source.bytes, limits()).catch(sourceError) : undefined;
  return { src, bytes: source.bytes.length, hash: source.hash, ...source.info, ...ph };
}
