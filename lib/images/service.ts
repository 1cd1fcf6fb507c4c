// Image optimization: read a source (local under the media root or public/, or remote from an
// allowlisted host), resolve the transform against the configuration and the Accept header, and
// serve the variant from the disk cache or encode it once.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../api/errors';
import { config } from '../config';
import { db } from '../db';
import { metrics } from '../metrics';
import { FetchRefused, guardedFetch } from '../net/guarded-fetch';
import { outboundPolicy } from '../net/outbound';
import { effectiveSettings } from '../settings/service';
import { findLocal, SourceRefused } from './local-source';
import {
  CONTENT_TYPES,
  type ImagePolicy,
  type ResolvedTransform,
  resolveTransform,
  type Transform,
  transformKey,
} from './options';
import {
  ImageRejected,
  type PipelineLimits,
  type Placeholder,
  placeholder,
  probe,
  type SourceInfo,
  transform,
} from './pipeline';
import { FailureMemo } from './failures';
import { VariantCache } from './variant-cache';
import { once, slot } from '../process/registry';

/** the disk cache of encoded variants */
export const VARIANT_CACHE = slot<VariantCache>('variantCache');
/** image work that failed recently (answered again without redoing it) */
export const IMAGE_FAILURES = slot<FailureMemo>('imageFailures');
/** content hashes of local sources by size and mtime */
export const SOURCE_MEMO = slot<SourceMemo>('sourceMemo');
/** remote sources fetched recently */
export const REMOTE_MEMO = slot<SourceMemo>('remoteMemo');
/** placeholders by source content hash (made once, shared while being made) */
export const PLACEHOLDERS = slot<Map<string, Promise<Placeholder>>>('placeholders');

export function variantCache(): VariantCache {
  const env = config();
  return once(VARIANT_CACHE, () => new VariantCache(path.resolve(env.IMAGE_CACHE_DIR), env.IMAGE_CACHE_MAX_BYTES));
}

export async function imagePolicy(): Promise<ImagePolicy> {
  const s = await effectiveSettings();
  return {
    formats: s['images.formats'],
    quality: {
      webp: s['images.quality.webp'],
      avif: s['images.quality.avif'],
      jpeg: s['images.quality.jpeg'],
      png: s['images.quality.png'],
    },
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
  hash: string;
  size: number;
  info: SourceInfo;
  /** the bytes, read (local) or kept (remote) only when a variant must be encoded */
  bytes: () => Promise<Buffer>;
}

/** Maps the ways a source can be wrong to the API's errors (never a 500 for bad input). */
export function sourceError(err: unknown): never {
  if (err instanceof SourceRefused)
    throw new ApiError(
      err.kind === 'not_found' ? 'not_found' : err.kind === 'too_large' ? 'payload_too_large' : 'bad_request',
      err.message,
    );
  if (err instanceof FetchRefused)
    throw new ApiError(
      err.kind === 'refused' ? 'forbidden' : err.kind === 'too_large' ? 'payload_too_large' : 'unprocessable',
      err.message,
    );
  if (err instanceof ImageRejected) throw new ApiError('unprocessable', err.message);
  throw err;
}

const failures = () => once(IMAGE_FAILURES, () => new FailureMemo());

/**
 * Runs image work remembered under `key`: a failure of the input (ImageRejected) is answered again
 * from memory for a while instead of being worked out again.
 */
async function remembered<T>(key: string, work: () => Promise<T>): Promise<T> {
  const known = failures().get(key);
  if (known !== undefined) throw new ImageRejected(known);
  try {
    return await work();
  } catch (err) {
    if (err instanceof ImageRejected) failures().set(key, err.message);
    throw err;
  }
}

const REMOTE_TTL_MS = 5 * 60_000;
const MEMO_MAX = 4_096;
const REMOTE_MAX = 32;
export type SourceMemo = Map<string, { stamp: string; hash: string; info: SourceInfo; bytes?: Buffer; at: number }>;

/**
 * A source's content hash and header facts, remembered per file (by size and mtime; no bytes) or
 * per URL (bytes too, a few minutes, a few URLs): serving a cached variant then reads neither the
 * source nor its header.
 */
export async function loadSource(src: string): Promise<Source> {
  const env = config();
  const memo = once(SOURCE_MEMO, () => new Map());
  if (memo.size > MEMO_MAX) memo.clear();
  try {
    if (/^https?:\/\//i.test(src)) {
      // Remote bytes are kept for a few minutes, for a few sources only (they can be large).
      const remote = once(REMOTE_MEMO, () => new Map());
      const known = remote.get(src);
      if (known?.bytes && Date.now() - known.at < REMOTE_TTL_MS) {
        const kept = known.bytes;
        return { src, hash: known.hash, size: kept.length, info: known.info, bytes: async () => kept };
      }
      const hosts = env.IMAGE_REMOTE_HOSTS.split(',')
        .map((h) => h.trim())
        .filter(Boolean);
      const fetched = await guardedFetch(src, {
        policy: outboundPolicy('images'),
        hosts,
        maxBytes: env.IMAGE_MAX_SOURCE_BYTES,
        timeoutMs: env.IMAGE_TIMEOUT_MS,
      });
      const bytes = fetched.bytes;
      const entry = {
        stamp: '',
        hash: createHash('sha256').update(bytes).digest('hex'),
        info: await remembered(`probe:${src}`, () => probe(bytes, limits())),
        bytes,
        at: Date.now(),
      };
      remote.delete(src);
      remote.set(src, entry);
      if (remote.size > REMOTE_MAX) remote.delete(remote.keys().next().value as string); // the oldest
      return { src, hash: entry.hash, size: bytes.length, info: entry.info, bytes: async () => bytes };
    }
    if (!src.startsWith('/'))
      throw new SourceRefused(
        'src is a path starting with / (under the media root or public/) or an http(s) URL',
        'refused',
      );
    const ref = await findLocal(
      src,
      [path.resolve(env.MEDIA_ROOT), path.resolve('public')],
      env.IMAGE_MAX_SOURCE_BYTES,
    );
    const stamp = `${ref.size}:${ref.mtimeMs}`;
    let known = memo.get(ref.file);
    let read: Buffer | undefined;
    if (known?.stamp !== stamp) {
      read = await fs.readFile(ref.file);
      known = {
        stamp,
        hash: createHash('sha256').update(read).digest('hex'),
        info: await remembered(`probe:${ref.file}:${stamp}`, () => probe(read as Buffer, limits())),
        at: Date.now(),
      };
      memo.set(ref.file, known);
    }
    return {
      src,
      hash: known.hash,
      size: ref.size,
      info: known.info,
      bytes: async () => read ?? fs.readFile(ref.file),
    };
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
  sourceHash: string;
  /** 0 for a cached variant unless `dimensions` was asked for */
  width: number;
  height: number;
  sourceBytes: number;
  cached: boolean;
  ms: number;
}

export async function optimize(
  src: string,
  t: Transform,
  accept: string | null,
  opts: {
    dimensions?: boolean;
    /** taken only to encode (a miss), released after: cached variants never wait for it */
    encodeSlot?: () => Promise<() => void>;
  } = {},
): Promise<Optimized> {
  const started = performance.now();
  const policy = await imagePolicy();
  const source = await loadSource(src);
  const resolved = resolveTransform(t, policy, accept, source.info.hasAlpha);
  const key = VariantCache.key(source.hash, transformKey(resolved));
  let encoded: { width: number; height: number } | undefined;
  const { bytes, cached } = await variantCache()
    .getOrCreate(key, async () => {
      const release = await opts.encodeSlot?.();
      const t0 = performance.now();
      const out = await remembered(`encode:${key}`, async () =>
        transform(await source.bytes(), resolved, limits()),
      ).finally(() => release?.());
      encoded = out;
      // What was made and what it measured; the inventory and the savings history read these.
      const row = {
        source: src,
        sourceHash: source.hash,
        sourceBytes: source.size,
        bytes: out.bytes.length,
        format: resolved.format,
        width: out.width,
        height: out.height,
        params: transformKey(resolved),
        encodeMs: performance.now() - t0,
      };
      // Not awaited: the response does not wait for the bookkeeping.
      void db()
        .imageVariant.upsert({ where: { key }, create: { key, ...row }, update: row })
        .catch((e: Error) => console.error(`[images] variant record failed: ${e.message}`));
      return out.bytes;
    })
    .catch(sourceError);
  // A cached variant's dimensions come from its header, read only when asked for: serving the
  // bytes of a cached variant touches nothing but the cache file.
  const dims =
    encoded ??
    (opts.dimensions ? await probe(bytes, limits()).catch(() => ({ width: 0, height: 0 })) : { width: 0, height: 0 });
  const ms = performance.now() - started;
  const m = metrics();
  m.histogram('image_optimize_duration_ms', ms, { format: resolved.format, cached: String(cached) });
  m.counter('image_variant_requests_total', 1, { result: cached ? 'hit' : 'miss' });
  if (!cached)
    m.counter('image_bytes_saved_total', Math.max(0, source.size - bytes.length), { format: resolved.format });
  return {
    bytes,
    contentType: CONTENT_TYPES[resolved.format],
    etag: `"${key.slice(0, 32)}"`,
    transform: resolved,
    sourceHash: source.hash,
    width: dims.width,
    height: dims.height,
    sourceBytes: source.size,
    cached,
    ms,
  };
}

const PLACEHOLDERS_KEPT = 1_000;

/** A source's placeholder, made once per content (concurrent asks share the one being made). */
function placeholderOf(source: { hash: string; bytes: () => Promise<Buffer> }, slot?: () => Promise<() => void>) {
  const cache = once(PLACEHOLDERS, () => new Map<string, ReturnType<typeof placeholder>>());
  let made = cache.get(source.hash);
  if (!made) {
    made = (async () => {
      const release = await slot?.();
      try {
        return await placeholder(await source.bytes(), limits());
      } finally {
        release?.();
      }
    })();
    made.catch(() => cache.delete(source.hash)); // a failure is not kept
    cache.set(source.hash, made);
    if (cache.size > PLACEHOLDERS_KEPT) cache.delete(cache.keys().next().value as string);
  }
  return made;
}

/** `encodeSlot` as in optimize: taken only when the placeholder is not made yet. */
export async function describeSource(src: string, encodeSlot?: () => Promise<() => void>) {
  const source = await loadSource(src);
  const ph = config().IMAGE_OPTIMIZATION_PLACEHOLDERS
    ? await placeholderOf(source, encodeSlot).catch(sourceError)
    : undefined;
  return { src, bytes: source.size, hash: source.hash, ...source.info, ...ph };
}
