// The CDN API's optimize: make an asset's optimized representation now (an image
// variant, or a text asset's Brotli encoding), so the first visitor does not wait for it, and
// answer its signed delivery URL with the measured bytes before and after. Batches item by item.
import os from 'node:os';
import { z } from 'zod';
import { ApiError } from '../api/errors';
import type { Db } from '../db';
import { edgeHistory } from '../cdn';
import { FITS, OUTPUT_FORMATS, transformSchema } from '../images/options';
import { optimize, sourceError, variantCache } from '../images/service';
import { summarize } from '../performance/summary';
import { liveSetting } from '../settings/live';
import { isTextAsset, loadTextAsset } from './text-assets';
import { deliveryUrl } from './urls';

const dim = z.coerce.number().int().min(1).max(16_384);
export const assetOptionsSchema = z.strictObject({
  width: dim.optional(),
  height: dim.optional(),
  fit: z.enum(FITS).optional(),
  quality: z.coerce.number().int().min(1).max(100).optional(),
  format: z.enum([...OUTPUT_FORMATS, 'auto']).optional(),
  /** text assets: Brotli (default) or as they are */
  compress: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional(),
});
export type AssetOptions = z.infer<typeof assetOptionsSchema>;

export const cdnPostBody = z.strictObject({
  action: z.literal('optimize', { error: 'action is optimize' }),
  assets: z
    .array(z.strictObject({ path: z.string().min(1).max(2_048), options: assetOptionsSchema.default({}) }))
    .min(1, 'assets must not be empty')
    .max(100, 'at most 100 assets per request'),
});

export interface AssetResult {
  path: string;
  ok: boolean;
  error?: { code: string; message: string };
  kind?: 'image' | 'text';
  url?: string;
  absoluteUrl?: string;
  format?: string;
  encoding?: string;
  width?: number;
  height?: number;
  bytesBefore?: number;
  bytesAfter?: number;
  ratio?: number | null;
  cached?: boolean;
  ms?: number;
}

export async function optimizeAsset(path: string, o: AssetOptions, accept: string | null): Promise<AssetResult> {
  const started = performance.now();
  if (isTextAsset(path)) {
    const [plain, packed] = await Promise.all([
      loadTextAsset(path),
      loadTextAsset(path, o.compress === false ? undefined : 'br'),
    ]).catch(sourceError);
    const u = await deliveryUrl({ path });
    return {
      path,
      ok: true,
      kind: 'text',
      url: u.url,
      absoluteUrl: u.absoluteUrl,
      encoding: packed.encoding,
      bytesBefore: plain.bytes.length,
      bytesAfter: packed.bytes.length,
      ratio: plain.bytes.length ? packed.bytes.length / plain.bytes.length : null,
      ms: round(performance.now() - started),
    };
  }
  if (!liveSetting('images.enabled'))
    throw new ApiError('conflict', 'Image optimization is turned off (images.enabled)');
  const t = transformSchema.parse({
    width: o.width,
    height: o.height,
    fit: o.fit,
    quality: o.quality,
    format: o.format,
  });
  const out = await optimize(path, t, accept, { dimensions: true });
  const u = await deliveryUrl({
    path,
    width: o.width,
    height: o.height,
    fit: o.fit,
    quality: o.quality,
    format: o.format,
  });
  return {
    path,
    ok: true,
    kind: 'image',
    url: u.url,
    absoluteUrl: u.absoluteUrl,
    format: out.transform.format,
    width: out.width,
    height: out.height,
    bytesBefore: out.sourceBytes,
    bytesAfter: out.bytes.length,
    ratio: out.sourceBytes ? out.bytes.length / out.sourceBytes : null,
    cached: out.cached,
    ms: round(out.ms),
  };
}

export async function optimizeAssets(items: readonly { path: string; options: AssetOptions }[], accept: string | null) {
  const started = performance.now();
  const results: AssetResult[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      const it = items[i] as { path: string; options: AssetOptions };
      results[i] = await optimizeAsset(it.path, it.options, accept).catch((err: unknown) => ({
        path: it.path,
        ok: false,
        error:
          err instanceof ApiError
            ? { code: err.code, message: err.message }
            : { code: 'internal_error', message: (err as Error).message },
      }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(items.length, Math.max(1, os.availableParallelism())) }, worker));
  const ok = results.filter((r) => r.ok);
  return {
    total: items.length,
    succeeded: ok.length,
    failed: items.length - ok.length,
    bytesBefore: sum(ok.map((r) => r.bytesBefore)),
    bytesAfter: sum(ok.map((r) => r.bytesAfter)),
    ms: round(performance.now() - started),
    results,
  };
}

/** Delivery over the range (requests, error rate, p50/p95 of /d/… from the metrics store), the variant cache and edge purges. */
export async function cdnStats(db: Db, fromMs: number, toMs: number) {
  const rows = await summarize(db, 'http_server_request_duration_ms', fromMs, toMs, ['route']);
  const d = rows.find((r) => r.labels.route === '/d/[...path]');
  const purges = (await edgeHistory(500)).filter((p) => Date.parse(p.at) >= fromMs);
  return {
    range: { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() },
    delivery: d
      ? { requests: d.count, ratePerSec: d.ratePerSec, errorRate: d.errorRate, p50Ms: d.p50, p95Ms: d.p95 }
      : { requests: 0, ratePerSec: 0, errorRate: null, p50Ms: null, p95Ms: null },
    cache: await variantCache().stats(),
    edgePurges: { total: purges.length, failed: purges.filter((p) => !p.ok).length },
  };
}

const round = (ms: number) => Math.round(ms * 10) / 10;
const sum = (xs: readonly (number | undefined)[]) => xs.reduce<number>((n, x) => n + (x ?? 0), 0);
