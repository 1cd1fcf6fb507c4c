// Batch optimization: every item gets a result — its variant or the reason it failed —
// with totals and the batch's duration. Items run a few at a time (bounded by cores).
import os from 'node:os';
import { ApiError } from '../api/errors';
import type { Transform } from './options';
import { transformSchema } from './options';
import { optimize } from './service';

export interface BatchItemResult {
  index: number;
  src: string;
  ok: boolean;
  error?: { code: string; message: string };
  format?: string;
  width?: number;
  height?: number;
  bytesBefore?: number;
  bytesAfter?: number;
  cached?: boolean;
  ms?: number;
}

/** One item: its variant, or the reason it failed (never throws). */
export async function optimizeItem(
  index: number,
  src: string,
  options: Partial<Transform>,
  accept: string | null,
): Promise<BatchItemResult> {
  try {
    const out = await optimize(src, transformSchema.parse(options), accept, { dimensions: true });
    return {
      index,
      src,
      ok: true,
      format: out.transform.format,
      width: out.width,
      height: out.height,
      bytesBefore: out.sourceBytes,
      bytesAfter: out.bytes.length,
      cached: out.cached,
      ms: Math.round(out.ms * 10) / 10,
    };
  } catch (err) {
    const e =
      err instanceof ApiError
        ? { code: err.code, message: err.message }
        : { code: 'internal_error', message: (err as Error).message };
    return { index, src, ok: false, error: e };
  }
}

export async function optimizeBatch(
  items: readonly { src: string; options: Partial<Transform> }[],
  accept: string | null,
) {
  const started = performance.now();
  const results: BatchItemResult[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      const item = items[i] as { src: string; options: Partial<Transform> };
      results[i] = await optimizeItem(i, item.src, item.options, accept);
    }
  };
  await Promise.all(Array.from({ length: Math.min(items.length, Math.max(1, os.availableParallelism())) }, worker));
  const ok = results.filter((r) => r.ok);
  return {
    total: items.length,
    succeeded: ok.length,
    failed: items.length - ok.length,
    bytesBefore: ok.reduce((n, r) => n + (r.bytesBefore ?? 0), 0),
    bytesAfter: ok.reduce((n, r) => n + (r.bytesAfter ?? 0), 0),
    ms: Math.round((performance.now() - started) * 10) / 10,
    results,
  };
}
