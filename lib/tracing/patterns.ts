// Pure: N+1 patterns in one trace — the same database statement (literals aside) or the same
// outbound call made again and again. Unlike a check of consecutive siblings only, calls are
// grouped across the trace whatever their order, so calls made side by side (`Promise.all`) are
// found too, and told apart from one after another by whether their times overlap.
import { normalizeSql } from '../slow-queries/normalize';
import type { AttrValue, SpanRecord } from './model';

export const MIN_REPEATS = 5;

export interface RepeatedCall {
  kind: 'db' | 'http';
  service: string;
  /** the normalized statement, or the method and URL without its query */
  key: string;
  count: number;
  /** the calls' durations added up */
  totalUs: number;
  /** the time at least one of them was running (equal to totalUs when none overlapped) */
  wallUs: number;
  /** one after another, side by side, or both */
  order: 'sequential' | 'parallel' | 'mixed';
  /** the spans that share a parent with the most calls: where the loop is */
  parentId: string | null;
  spanIds: string[];
}

const text = (v: AttrValue | undefined): string | null => (typeof v === 'string' && v ? v : null);

/** What makes two spans "the same call", or null for a span that is neither. */
function callKey(s: SpanRecord): { kind: 'db' | 'http'; key: string } | null {
  const a = s.attributes;
  const sql = text(a['db.query.text']) ?? text(a['db.statement']);
  if (sql) return { kind: 'db', key: normalizeSql(sql).slice(0, 500) };
  if (s.kind !== 3) return null; // an outbound call is a client span
  const url = text(a['url.full']) ?? text(a['http.url']);
  if (!url) return null;
  const method = text(a['http.request.method']) ?? text(a['http.method']) ?? 'GET';
  return { kind: 'http', key: `${method} ${url.split('?')[0]?.slice(0, 500)}` };
}

export function repeatedCalls(spans: readonly SpanRecord[], minRepeats = MIN_REPEATS): RepeatedCall[] {
  const groups = new Map<string, { kind: 'db' | 'http'; key: string; service: string; spans: SpanRecord[] }>();
  for (const s of spans) {
    const k = callKey(s);
    if (!k) continue;
    const id = `${s.service}\u0000${k.kind}\u0000${k.key}`;
    const g = groups.get(id) ?? { ...k, service: s.service, spans: [] };
    g.spans.push(s);
    groups.set(id, g);
  }
  const out: RepeatedCall[] = [];
  for (const g of groups.values()) {
    if (g.spans.length < minRepeats) continue;
    const sorted = [...g.spans].sort((a, b) => a.startUs - b.startUs);
    let wall = 0;
    let end = Number.NEGATIVE_INFINITY;
    let overlaps = 0;
    for (const s of sorted) {
      const e = s.startUs + s.durationUs;
      if (s.startUs < end) overlaps++;
      wall += Math.max(0, e - Math.max(s.startUs, end));
      end = Math.max(end, e);
    }
    const parents = new Map<string | null, number>();
    for (const s of sorted) parents.set(s.parentId, (parents.get(s.parentId) ?? 0) + 1);
    const parentId = [...parents].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
    out.push({
      kind: g.kind,
      service: g.service,
      key: g.key,
      count: sorted.length,
      totalUs: sorted.reduce((n, s) => n + s.durationUs, 0),
      wallUs: wall,
      order: overlaps === 0 ? 'sequential' : overlaps === sorted.length - 1 ? 'parallel' : 'mixed',
      parentId,
      spanIds: sorted.map((s) => s.spanId),
    });
  }
  return out.sort((a, b) => b.wallUs - a.wallUs || b.count - a.count);
}
