// The log store's reads (records are written by the bulk writer, lib/ingest): a trace's logs for its
// timeline, a search over all logs (service, lowest severity, text, time) newest first, retention.
import { config } from '../config';
import { db } from '../db';
import { Prisma } from '../db/generated/sqlite/client';
import type { Attributes } from './model';
import type { LogRecord } from './otlp-logs';

/** A stored record as the views read it: the record without its resource, with its id. */
export type StoredLog = Omit<LogRecord, 'resource'> & { id: string };

interface LogRow {
  id: string;
  time: number | bigint;
  traceId: string | null;
  spanId: string | null;
  service: string;
  severityNumber: number | bigint;
  severityText: string | null;
  body: string;
  attributes: string;
}

const toLog = (r: LogRow): StoredLog => ({
  id: r.id,
  timeUs: Number(r.time),
  traceId: r.traceId,
  spanId: r.spanId,
  service: r.service,
  severityNumber: Number(r.severityNumber),
  severityText: r.severityText,
  body: r.body,
  attributes: JSON.parse(r.attributes) as Attributes,
});

/** A trace's log records shown on its timeline, at most this many. */
export const TRACE_LOGS_CAP = 1_000;

export async function traceLogs(traceId: string): Promise<{ logs: StoredLog[]; truncated: boolean }> {
  const rows = await db().$queryRaw<LogRow[]>(
    Prisma.sql`SELECT "id","time","traceId","spanId","service","severityNumber","severityText","body","attributes" FROM "TraceLog" WHERE "traceId" = ${traceId} ORDER BY "time" LIMIT ${TRACE_LOGS_CAP + 1}`,
  );
  return { logs: rows.slice(0, TRACE_LOGS_CAP).map(toLog), truncated: rows.length > TRACE_LOGS_CAP };
}

export interface LogSearch {
  service?: string;
  /** records at this severity number or above */
  minSeverity?: number;
  /** a substring of the body, case as given */
  text?: string;
  /** only records that carry a trace id */
  withTrace?: boolean;
  fromUs: number;
  toUs: number;
  limit: number;
}

/** Records scanned at most for the text filter, which no index answers. */
export const LOG_SCAN_CAP = 100_000;

/** Log records matching every filter, newest first; `stoppedAfter` when the text scan hit its cap. */
export async function searchLogs(q: LogSearch): Promise<{ logs: StoredLog[]; stoppedAfter: number | null }> {
  const indexed = [Prisma.sql`"time" >= ${q.fromUs}`, Prisma.sql`"time" <= ${q.toUs}`];
  if (q.service) indexed.push(Prisma.sql`"service" = ${q.service}`);
  const rest: Prisma.Sql[] = [];
  if (q.minSeverity) rest.push(Prisma.sql`"severityNumber" >= ${q.minSeverity}`);
  if (q.withTrace) rest.push(Prisma.sql`"traceId" IS NOT NULL`);
  if (q.text) {
    const pattern = `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    rest.push(Prisma.sql`"body" LIKE ${pattern} ESCAPE '\\'`);
  }
  const where = Prisma.join(indexed, ' AND ');
  const cols = Prisma.raw(
    '"id","time","traceId","spanId","service","severityNumber","severityText","body","attributes"',
  );
  const rows = await db().$queryRaw<LogRow[]>(
    rest.length
      ? Prisma.sql`SELECT ${cols} FROM (SELECT * FROM "TraceLog" WHERE ${where} ORDER BY "time" DESC LIMIT ${LOG_SCAN_CAP}) AS c WHERE ${Prisma.join(rest, ' AND ')} ORDER BY "time" DESC LIMIT ${q.limit}`
      : Prisma.sql`SELECT ${cols} FROM "TraceLog" WHERE ${where} ORDER BY "time" DESC LIMIT ${q.limit}`,
  );
  let stoppedAfter: number | null = null;
  if (rest.length && rows.length < q.limit) {
    const more = await db().$queryRaw<unknown[]>(
      Prisma.sql`SELECT 1 FROM "TraceLog" WHERE ${where} ORDER BY "time" DESC LIMIT 1 OFFSET ${LOG_SCAN_CAP}`,
    );
    if (more.length) stoppedAfter = LOG_SCAN_CAP;
  }
  return { logs: rows.map(toLog), stoppedAfter };
}

/** Deletes records past the trace retention, then the oldest past the span cap's count. */
export async function applyLogRetention(now = Date.now()): Promise<number> {
  const env = config();
  const cutoffUs = BigInt(Math.floor((now - env.TRACES_RETENTION) * 1000));
  const old = await db().traceLog.deleteMany({ where: { time: { lt: cutoffUs } } });
  let capped = 0;
  const count = await db().traceLog.count();
  if (count > env.TRACES_MAX_SPANS) {
    const edge = await db().traceLog.findMany({
      orderBy: { time: 'asc' },
      skip: count - env.TRACES_MAX_SPANS,
      take: 1,
      select: { time: true },
    });
    if (edge[0]) capped = (await db().traceLog.deleteMany({ where: { time: { lt: edge[0].time } } })).count;
  }
  return old.count + capped;
}
