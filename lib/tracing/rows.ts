// Spans as table rows, shared by the Prisma path (PostgreSQL) and the SQLite worker: the span row,
// each distinct resource once (by a hash of its attributes), and the (service, key, value) counts
// behind the search's autocomplete — operations under OPERATION_KEY, at most VALUES_PER_KEY values
// per key, so high-cardinality attributes (ids, URLs) cannot grow the table without bound.
import { createHash } from 'node:crypto';
import type { Attributes, SpanRecord } from './model';
import type { LogRecord } from './otlp-logs';

export const OPERATION_KEY = '@operation';
const VALUES_PER_KEY = 50;
const MAX_KEYS = 25_000;
const AUTOCOMPLETE_VALUE_CHARS = 120;

export type Row = (string | number | null)[];

export interface RowCaches {
  resources: Set<string>;
  values: Map<string, Set<string>>;
  /** autocomplete counts not yet written, and when they last were */
  pending: Map<string, number>;
  drainedAt: number;
}
export const newCaches = (): RowCaches => ({
  resources: new Set(),
  values: new Map(),
  pending: new Map(),
  drainedAt: 0,
});

/** Counts of values already written go out at most this often: upserting them per batch cost more than the spans. */
export const ATTRIBUTE_FLUSH_MS = 5_000;

const resourceId = (resource: Attributes) => createHash('sha1').update(JSON.stringify(resource)).digest('hex');

export function spanRows(
  spans: readonly SpanRecord[],
  caches: RowCaches,
  now = Date.now(),
): { spans: Row[]; resources: Row[]; attributes: Row[] } {
  const resources: Row[] = [];
  const ridOf = new Map<Attributes, string>();
  const rows: Row[] = spans.map((s) => {
    let rid = ridOf.get(s.resource);
    if (!rid) {
      rid = resourceRow(s.resource, s.service, caches, now, resources);
      ridOf.set(s.resource, rid);
    }
    return [
      s.traceId,
      s.spanId,
      s.parentId,
      s.service,
      s.name,
      s.kind,
      s.startUs,
      s.durationUs,
      s.status,
      s.statusMessage,
      JSON.stringify(s.attributes),
      s.events.length ? JSON.stringify(s.events) : null,
      s.links.length ? JSON.stringify(s.links) : null,
      rid,
      s.scope ? JSON.stringify(s.scope) : null,
    ];
  });
  const counts = caches.pending;
  // A value never written before goes out with this batch, so the search offers it at once.
  let fresh = false;
  const note = (service: string, key: string, value: string, n = 1) => {
    const sk = `${service}\u0000${key}`;
    let values = caches.values.get(sk);
    if (!values) {
      if (caches.values.size >= MAX_KEYS) return;
      values = new Set();
      caches.values.set(sk, values);
    }
    if (!values.has(value)) {
      if (values.size >= VALUES_PER_KEY) return;
      values.add(value);
      fresh = true;
    }
    const k = `${sk}\u0000${value}`;
    counts.set(k, (counts.get(k) ?? 0) + n);
  };
  // Resource attributes (service.version, deployment.environment, …) are searched like span
  // attributes: noted once per distinct resource of the batch, weighted by its spans.
  const perResource = new Map<Attributes, { service: string; n: number }>();
  for (const s of spans) {
    const r = perResource.get(s.resource);
    if (r) r.n++;
    else perResource.set(s.resource, { service: s.service, n: 1 });
  }
  for (const [resource, { service, n }] of perResource)
    for (const key in resource) {
      const v = resource[key];
      if (key === 'service.name' || v === null || typeof v === 'object') continue;
      const value = String(v);
      if (value.length <= AUTOCOMPLETE_VALUE_CHARS) note(service, key, value, n);
    }
  for (const s of spans) {
    note(s.service, OPERATION_KEY, s.name);
    for (const key in s.attributes) {
      const v = s.attributes[key];
      if (v === null || typeof v === 'object') continue;
      const value = String(v);
      if (value.length <= AUTOCOMPLETE_VALUE_CHARS) note(s.service, key, value);
    }
  }
  return { spans: rows, resources, attributes: drainAttributes(caches, now, fresh) };
}

/** The pending autocomplete counts as rows, once ATTRIBUTE_FLUSH_MS has passed (or when forced). */
export function drainAttributes(caches: RowCaches, now = Date.now(), force = false): Row[] {
  if (!force && now - caches.drainedAt < ATTRIBUTE_FLUSH_MS) return [];
  caches.drainedAt = now;
  const attributes: Row[] = [];
  for (const [k, n] of caches.pending) {
    const [service, key, value] = k.split('\u0000') as [string, string, string];
    attributes.push([service, key, value, n, now]);
  }
  caches.pending.clear();
  return attributes;
}

/** A resource's row the first time these caches see it; its id either way. */
function resourceRow(resource: Attributes, service: string, caches: RowCaches, now: number, out: Row[]): string {
  const rid = resourceId(resource);
  if (!caches.resources.has(rid)) {
    if (caches.resources.size > 10_000) caches.resources.clear();
    caches.resources.add(rid);
    out.push([rid, service, JSON.stringify(resource), now]);
  }
  return rid;
}

/**
 * Log records as rows of TraceLog (and their resources). The id is a hash of the record, so an
 * exporter's retry of the same batch stores each record once.
 */
export function logRows(
  logs: readonly LogRecord[],
  caches: RowCaches,
  now = Date.now(),
): { logs: Row[]; resources: Row[] } {
  const resources: Row[] = [];
  const ridOf = new Map<Attributes, string>();
  const rows = logs.map((l): Row => {
    let rid = ridOf.get(l.resource);
    if (!rid) {
      rid = resourceRow(l.resource, l.service, caches, now, resources);
      ridOf.set(l.resource, rid);
    }
    const attributes = JSON.stringify(l.attributes);
    const id = createHash('sha1')
      .update(
        `${l.timeUs}\u0000${l.traceId}\u0000${l.spanId}\u0000${rid}\u0000${l.severityNumber}\u0000${l.body}\u0000${attributes}`,
      )
      .digest('hex')
      .slice(0, 32);
    return [id, l.timeUs, l.traceId, l.spanId, l.service, l.severityNumber, l.severityText, l.body, attributes, rid];
  });
  return { logs: rows, resources };
}
