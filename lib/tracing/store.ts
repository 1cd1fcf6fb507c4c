// The span store's reads (spans are written by the bulk writer, lib/ingest): search, a trace by id,
// the services and operations seen, attribute keys and values for autocomplete, retention and the cap.
import { config } from '../config';
import { db } from '../db';
import { Prisma } from '../db/generated/sqlite/client';
import { type Attributes, type SpanRecord, summarize, type TraceSummary } from './model';
import type { MapSpan } from './service-map';
import { OPERATION_KEY } from './rows';
import { attributePatterns } from './sql';

interface SpanRow {
  traceId: string;
  spanId: string;
  parentId: string | null;
  service: string;
  name: string;
  kind: number | bigint;
  start: number | bigint;
  durationUs: number | bigint;
  status: number | bigint;
  statusMessage: string | null;
  attributes: string;
  events: string | null;
  links: string | null;
  resourceId: string;
  scope: string | null;
}

function toRecord(r: SpanRow, resources: Map<string, Attributes>): SpanRecord {
  return {
    traceId: r.traceId,
    spanId: r.spanId,
    parentId: r.parentId,
    service: r.service,
    name: r.name,
    kind: Number(r.kind),
    startUs: Number(r.start),
    durationUs: Number(r.durationUs),
    status: Number(r.status),
    statusMessage: r.statusMessage,
    attributes: JSON.parse(r.attributes) as Attributes,
    events: r.events ? JSON.parse(r.events) : [],
    links: r.links ? JSON.parse(r.links) : [],
    resource: resources.get(r.resourceId) ?? {},
    scope: r.scope ? JSON.parse(r.scope) : null,
  };
}

export async function getTrace(traceId: string): Promise<SpanRecord[]> {
  const rows = await db().$queryRaw<SpanRow[]>`SELECT * FROM "TraceSpan" WHERE "traceId" = ${traceId} ORDER BY "start"`;
  const ids = [...new Set(rows.map((r) => r.resourceId))];
  const res = ids.length
    ? await db().traceResource.findMany({ where: { id: { in: ids } }, select: { id: true, attributes: true } })
    : [];
  const resources = new Map(res.map((r) => [r.id, JSON.parse(r.attributes) as Attributes]));
  return rows.map((r) => toRecord(r, resources));
}

export interface SearchQuery {
  service?: string;
  operation?: string;
  attributes: { key: string; value: string }[];
  minDurationUs?: number;
  maxDurationUs?: number;
  status?: 'error' | 'ok' | 'unset';
  fromUs: number;
  toUs: number;
  limit: number;
}

/** Spans checked at most for the filters no index answers (see searchTraces). */
export const SCAN_CAP = 100_000;

/** A filter on an attribute matches the span's own attributes or its resource's (service.version, …). */
function attributeCondition(a: { key: string; value: string }): Prisma.Sql {
  const like = (col: Prisma.Sql) =>
    Prisma.join(
      attributePatterns(a.key, a.value).map((pat) => Prisma.sql`${col} LIKE ${pat} ESCAPE '\\'`),
      ' OR ',
    );
  return Prisma.sql`((${like(Prisma.sql`"attributes"`)}) OR "resourceId" IN (SELECT "id" FROM "TraceResource" WHERE ${like(Prisma.sql`"attributes"`)}))`;
}

/** Traces with at least one span matching every filter, newest first, summarized. */
export async function searchTraces(q: SearchQuery): Promise<{ traces: TraceSummary[]; stoppedAfter: number | null }> {
  // Filters the indexes answer (time, service, operation) pick the candidates, newest first; the
  // others (duration, status, attributes) are checked on at most SCAN_CAP of them, so a rare
  // attribute over a long range costs a bounded scan and says it stopped, instead of reading it all.
  const indexed = [Prisma.sql`"start" >= ${q.fromUs}`, Prisma.sql`"start" <= ${q.toUs}`];
  if (q.service) indexed.push(Prisma.sql`"service" = ${q.service}`);
  if (q.operation) indexed.push(Prisma.sql`"name" = ${q.operation}`);
  const rest: Prisma.Sql[] = [];
  if (q.minDurationUs !== undefined) rest.push(Prisma.sql`"durationUs" >= ${q.minDurationUs}`);
  if (q.maxDurationUs !== undefined) rest.push(Prisma.sql`"durationUs" <= ${q.maxDurationUs}`);
  if (q.status) rest.push(Prisma.sql`"status" = ${q.status === 'error' ? 2 : q.status === 'ok' ? 1 : 0}`);
  for (const a of q.attributes) rest.push(attributeCondition(a));
  const where = Prisma.join(indexed, ' AND ');
  // Matching spans newest first; the first `limit` distinct traces win.
  const scan = Math.max(q.limit * 20, 500);
  const hits = await db().$queryRaw<{ traceId: string }[]>(
    rest.length
      ? Prisma.sql`SELECT "traceId" FROM (SELECT "traceId","start","durationUs","status","attributes","resourceId" FROM "TraceSpan" WHERE ${where} ORDER BY "start" DESC LIMIT ${SCAN_CAP}) AS c WHERE ${Prisma.join(rest, ' AND ')} ORDER BY "start" DESC LIMIT ${scan}`
      : Prisma.sql`SELECT "traceId" FROM "TraceSpan" WHERE ${where} ORDER BY "start" DESC LIMIT ${scan}`,
  );
  const ids: string[] = [];
  for (const h of hits) {
    if (!ids.includes(h.traceId)) ids.push(h.traceId);
    if (ids.length >= q.limit) break;
  }
  // Too few found and more candidates than were checked: the answer says where the search stopped.
  let stoppedAfter: number | null = null;
  if (rest.length && ids.length < q.limit) {
    const more = await db().$queryRaw<unknown[]>(
      Prisma.sql`SELECT 1 FROM "TraceSpan" WHERE ${where} ORDER BY "start" DESC LIMIT 1 OFFSET ${SCAN_CAP}`,
    );
    if (more.length) stoppedAfter = SCAN_CAP;
  }
  const traces = await summaries(ids);
  return { traces, stoppedAfter };
}

async function summaries(ids: string[]): Promise<TraceSummary[]> {
  if (!ids.length) return [];
  const spans = await db().$queryRaw<SpanRow[]>(
    Prisma.sql`SELECT "traceId","spanId","parentId","service","name","start","durationUs","status" FROM "TraceSpan" WHERE "traceId" IN (${Prisma.join(ids)})`,
  );
  const byTrace = new Map<string, SpanRecord[]>(ids.map((id) => [id, []]));
  for (const r of spans)
    byTrace
      .get(r.traceId)
      ?.push(
        toRecord(
          { ...r, kind: 0, attributes: '{}', events: null, links: null, scope: null, statusMessage: null },
          new Map(),
        ),
      );
  return ids.map((id) => summarize(id, byTrace.get(id) ?? []));
}

/**
 * Spans the service map reads at most: each is joined to its parent, ~10 µs a span on SQLite
 * (100,000 took a second with 3 M stored; this keeps a refresh near a quarter of that).
 */
export const MAP_SCAN_CAP = 25_000;

/**
 * The spans a service map is drawn from: of the newest MAP_SCAN_CAP spans in the range, those that
 * enter a service (server, consumer, root, or a parent in another service), each with its parent's
 * service. `stoppedAfter` says the range held more than were read.
 */
export async function serviceMapSpans(
  fromUs: number,
  toUs: number,
): Promise<{ spans: MapSpan[]; stoppedAfter: number | null; fromUs: number }> {
  const rows = await db().$queryRaw<
    {
      service: string;
      name: string;
      kind: number | bigint;
      durationUs: number | bigint;
      status: number | bigint;
      parentId: string | null;
      parentService: string | null;
    }[]
  >(
    Prisma.sql`SELECT c."service", c."name", c."kind", c."durationUs", c."status", c."parentId", p."service" AS "parentService"
      FROM (SELECT "traceId","parentId","service","name","kind","start","durationUs","status" FROM "TraceSpan"
            WHERE "start" >= ${fromUs} AND "start" <= ${toUs} ORDER BY "start" DESC LIMIT ${MAP_SCAN_CAP}) AS c
      LEFT JOIN "TraceSpan" p ON p."traceId" = c."traceId" AND p."spanId" = c."parentId"
      WHERE c."kind" IN (2, 5) OR c."parentId" IS NULL OR p."service" <> c."service"`,
  );
  // The MAP_SCAN_CAP-th newest span (the oldest read) and whether any is older.
  const edge = await db().$queryRaw<{ start: number | bigint }[]>(
    Prisma.sql`SELECT "start" FROM "TraceSpan" WHERE "start" >= ${fromUs} AND "start" <= ${toUs} ORDER BY "start" DESC LIMIT 2 OFFSET ${MAP_SCAN_CAP - 1}`,
  );
  const full = edge.length === 2;
  const spans = rows.map((r) => ({
    service: r.service,
    name: r.name,
    kind: Number(r.kind),
    durationUs: Number(r.durationUs),
    status: Number(r.status),
    parentService: r.parentService,
    hasParent: r.parentId !== null,
  }));
  // When the cap cut the range, the rates are over the stretch actually read.
  return { spans, stoppedAfter: full ? MAP_SCAN_CAP : null, fromUs: full ? Number(edge[0]?.start) : fromUs };
}

/**
 * Start, duration and status of the spans matching a filter in a stretch of time, newest first:
 * what a trace alert rule aggregates. At most SCAN_CAP are read; `capped` says the stretch held more.
 */
export async function matchingSpans(
  filter: { service?: string; operation?: string; attributes: { key: string; value: string }[] },
  fromUs: number,
  toUs: number,
): Promise<{ spans: { startUs: number; durationUs: number; error: boolean }[]; capped: boolean }> {
  const where = [Prisma.sql`"start" >= ${fromUs}`, Prisma.sql`"start" <= ${toUs}`];
  if (filter.service) where.push(Prisma.sql`"service" = ${filter.service}`);
  if (filter.operation) where.push(Prisma.sql`"name" = ${filter.operation}`);
  for (const a of filter.attributes) where.push(attributeCondition(a));
  const rows = await db().$queryRaw<{ start: number | bigint; durationUs: number | bigint; status: number | bigint }[]>(
    Prisma.sql`SELECT "start","durationUs","status" FROM "TraceSpan" WHERE ${Prisma.join(where, ' AND ')} ORDER BY "start" DESC LIMIT ${SCAN_CAP + 1}`,
  );
  return {
    spans: rows
      .slice(0, SCAN_CAP)
      .map((r) => ({ startUs: Number(r.start), durationUs: Number(r.durationUs), error: Number(r.status) === 2 })),
    capped: rows.length > SCAN_CAP,
  };
}

export async function servicesAndOperations(): Promise<{ service: string; operations: string[] }[]> {
  const rows = await db().traceAttribute.findMany({
    where: { key: OPERATION_KEY },
    select: { service: true, value: true },
    orderBy: [{ service: 'asc' }, { value: 'asc' }],
  });
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.service, [...(out.get(r.service) ?? []), r.value]);
  return [...out].map(([service, operations]) => ({ service, operations }));
}

/** Attribute keys seen (for a service, or all), or the values seen for one key, most common first. */
export async function attributeSuggestions(service: string | undefined, key: string | undefined) {
  const rows = await db().traceAttribute.groupBy({
    by: key ? ['value'] : ['key'],
    where: { key: key ?? { not: OPERATION_KEY }, ...(service ? { service } : {}) },
    _sum: { count: true },
    orderBy: { _sum: { count: 'desc' } },
    take: 100,
  });
  return rows.map((r) => ({
    value: (key ? (r as { value: string }).value : (r as { key: string }).key) ?? '',
    count: r._sum.count ?? 0,
  }));
}

/** Deletes spans past the retention, then the oldest past the cap. */
export async function applyTraceRetention(now = Date.now()): Promise<number> {
  const env = config();
  const cutoffUs = (now - env.TRACES_RETENTION) * 1000;
  const old = await db().traceSpan.deleteMany({ where: { start: { lt: BigInt(Math.floor(cutoffUs)) } } });
  let capped = 0;
  const count = await db().traceSpan.count();
  if (count > env.TRACES_MAX_SPANS) {
    const over = count - env.TRACES_MAX_SPANS;
    const edge = await db().traceSpan.findMany({
      orderBy: { start: 'asc' },
      skip: over,
      take: 1,
      select: { start: true },
    });
    if (edge[0]) capped = (await db().traceSpan.deleteMany({ where: { start: { lt: edge[0].start } } })).count;
  }
  await db().traceAttribute.deleteMany({ where: { seenAt: { lt: BigInt(now - env.TRACES_RETENTION) } } });
  return old.count + capped;
}
