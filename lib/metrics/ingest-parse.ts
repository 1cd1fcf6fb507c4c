// Pure: an ingest request body from bytes to a columnar batch — JSON parse, the body's shape, each
// item's validation and label canonicalization. Run in the ingest worker thread, so the main event
// loop (which answers health checks and pages) never parses or walks a batch's objects.
import { ingestBodySchema, type Rejected, validateBatch } from './ingest';
import type { MetricType, Point } from './model';

/** A batch as a table of distinct series and three typed arrays (transferable, not cloned per point). */
export interface ParsedBatch {
  /** [type, name, canonical labels JSON] of each distinct series */
  series: [MetricType, string, string][];
  seriesIndex: Uint32Array<ArrayBuffer>;
  values: Float64Array<ArrayBuffer>;
  ts: Float64Array<ArrayBuffer>;
  /** the request item each point came from */
  items: Uint32Array<ArrayBuffer>;
  rejected: Rejected[];
}

export interface ParseError {
  code: 'invalid_json' | 'bad_request' | 'validation_failed' | 'payload_too_large';
  message: string;
  details?: unknown;
}

export type ParseOutcome = { ok: true; batch: ParsedBatch } | { ok: false; error: ParseError };

export function parseIngestBody(bytes: Uint8Array, now: number, oldestMs: number, maxItems: number): ParseOutcome {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (!text.trim()) return { ok: false, error: { code: 'bad_request', message: 'A JSON body is required' } };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      error: {
        code: 'invalid_json',
        message: 'The body is not valid JSON',
        details: { reason: (err as Error).message },
      },
    };
  }
  const body = ingestBodySchema.safeParse(json);
  if (!body.success) {
    // The same envelope the route wrapper gives a ZodError.
    const details = body.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code }));
    const message = details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ');
    return { ok: false, error: { code: 'validation_failed', message, details } };
  }
  const items = body.data.metrics;
  if (items.length > maxItems) {
    return {
      ok: false,
      error: {
        code: 'payload_too_large',
        message: `At most ${maxItems} metrics per request; split the batch`,
        details: { limit: maxItems },
      },
    };
  }
  const { points, rejected, items: itemOf } = validateBatch(items, now, oldestMs);
  return { ok: true, batch: encodeParsed(points, itemOf, rejected) };
}

function encodeParsed(points: readonly Point[], itemOf: readonly number[], rejected: Rejected[]): ParsedBatch {
  const index = new Map<string, number>();
  const series: ParsedBatch['series'] = [];
  const n = points.length;
  const out = {
    seriesIndex: new Uint32Array(n),
    values: new Float64Array(n),
    ts: new Float64Array(n),
    items: new Uint32Array(n),
  };
  for (let i = 0; i < n; i++) {
    const p = points[i] as Point;
    const key = p.key as string; // validateBatch sets it
    const id = `${p.type}\u0000${p.name}\u0000${key}`;
    let s = index.get(id);
    if (s === undefined) {
      s = series.length;
      series.push([p.type, p.name, key]);
      index.set(id, s);
    }
    out.seriesIndex[i] = s;
    out.values[i] = p.value;
    out.ts[i] = p.ts;
    out.items[i] = itemOf[i] as number;
  }
  return { series, ...out, rejected };
}

/**
 * The batch's points as the writer takes them, without the points `skip` names (by series). Each
 * series' name, labels object and key are shared by its points: per point one small object.
 */
export function pointsOf(batch: ParsedBatch, skip: ReadonlySet<number> = new Set()): Point[] {
  const shared = batch.series.map(([type, name, key]) => ({
    type,
    name,
    key,
    series: `${type}\u0000${name}\u0000${key}`,
    labels: JSON.parse(key) as Record<string, string>,
  }));
  const out: Point[] = [];
  for (let i = 0; i < batch.values.length; i++) {
    const si = batch.seriesIndex[i] as number;
    if (skip.has(si)) continue;
    const s = shared[si] as (typeof shared)[number];
    out.push({
      name: s.name,
      labels: s.labels,
      key: s.key,
      type: s.type,
      value: batch.values[i] as number,
      ts: batch.ts[i] as number,
    });
  }
  return out;
}
