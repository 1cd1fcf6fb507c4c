// Pure: the trace search's query as the API takes it, and its translation to the store's terms.
import { z } from 'zod';
import { rangeQueryShape, resolveRange } from '../time-range';
import type { LogSearch } from './log-store';
import type { SearchQuery } from './store';

const ms = z.coerce
  .number()
  .min(0)
  .max(86_400_000 * 7);

export const traceSearchQuery = z.strictObject({
  ...rangeQueryShape,
  service: z.string().max(512).optional(),
  operation: z.string().max(512).optional(),
  /** attribute filters, `key=value` pairs separated by `;` (every one must match one span) */
  attrs: z.string().max(2_000).optional(),
  minDurationMs: ms.optional(),
  maxDurationMs: ms.optional(),
  status: z.enum(['error', 'ok', 'unset']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export const serviceMapQuery = z.strictObject(rangeQueryShape);
export type TraceSearchQuery = z.infer<typeof traceSearchQuery>;

/** `k=v;k2=v2` → pairs; a part without `=` or with an empty key is an error. */
export function parseAttrs(raw: string | undefined): { key: string; value: string }[] {
  if (!raw?.trim()) return [];
  return raw
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const eq = p.indexOf('=');
      if (eq <= 0) throw new RangeError(`attribute filter "${p.slice(0, 60)}" must be key=value`);
      return { key: p.slice(0, eq).trim(), value: p.slice(eq + 1).trim() };
    });
}

export function toSearch(q: TraceSearchQuery, now = Date.now()): SearchQuery {
  const { fromMs, toMs } = resolveRange(q, now);
  return {
    service: q.service || undefined,
    operation: q.operation || undefined,
    attributes: parseAttrs(q.attrs),
    minDurationUs: q.minDurationMs !== undefined ? Math.round(q.minDurationMs * 1000) : undefined,
    maxDurationUs: q.maxDurationMs !== undefined ? Math.round(q.maxDurationMs * 1000) : undefined,
    status: q.status,
    fromUs: fromMs * 1000,
    toUs: toMs * 1000,
    limit: q.limit,
  };
}

const traceId = z
  .string()
  .regex(/^[0-9a-fA-F]{32}$/, 'a trace id is 32 hex digits')
  .transform((v) => v.toLowerCase());
export const traceIdParams = z.strictObject({ traceId });
export const compareQuery = z.strictObject({ a: traceId, b: traceId });
export const traceDownloadQuery = z.strictObject({ format: z.enum(['json', 'otlp']).default('json') });
export const attributeQuery = z.strictObject({
  service: z.string().max(512).optional(),
  key: z.string().max(256).optional(),
});

/** Severity names to OTLP's lowest number of each range. */
const SEVERITY_FLOOR = { trace: 1, debug: 5, info: 9, warn: 13, error: 17, fatal: 21 } as const;

export const logSearchQuery = z.strictObject({
  ...rangeQueryShape,
  service: z.string().max(512).optional(),
  /** records at this severity or above */
  severity: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).optional(),
  text: z.string().max(500).optional(),
  /** only records linked to a trace */
  withTrace: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});
export type LogSearchQuery = z.infer<typeof logSearchQuery>;

export function toLogSearch(q: LogSearchQuery, now = Date.now()): LogSearch {
  const { fromMs, toMs } = resolveRange(q, now);
  return {
    service: q.service || undefined,
    minSeverity: q.severity ? SEVERITY_FLOOR[q.severity] : undefined,
    text: q.text?.trim() || undefined,
    withTrace: q.withTrace === 'true',
    fromUs: fromMs * 1000,
    toUs: toMs * 1000,
    limit: q.limit,
  };
}
