// Pure: the span store's SQL for both dialects, through Prisma.sql like the rest of the store. Rows
// go in as multi-row INSERTs that skip a span already stored (an exporter's retry resends the
// batch); `.text` has PostgreSQL's $n placeholders, `.sql` SQLite's ?.
import type { Dialect } from '../db';
import { Prisma } from '../db/generated/sqlite/client';
import type { Row } from './rows';

export const SPAN_COLUMNS = [
  'traceId',
  'spanId',
  'parentId',
  'service',
  'name',
  'kind',
  'start',
  'durationUs',
  'status',
  'statusMessage',
  'attributes',
  'events',
  'links',
  'resourceId',
  'scope',
] as const;

/** SQLite allows 32,766 parameters per statement, PostgreSQL 65,535: 1,000 rows stays under both. */
export const SPAN_ROWS_PER_STATEMENT = 1_000;

const values = (rows: readonly Row[]) => Prisma.join(rows.map((r) => Prisma.sql`(${Prisma.join(r)})`));
/** A row of `n` placeholders: a statement prepared once and bound per row (`.sql` has `?`). */
export const placeholderRow = (n: number): Row[] => [new Array<null>(n).fill(null)];

export function spanInsert(dialect: Dialect, rows: readonly Row[]): Prisma.Sql {
  const cols = Prisma.raw(SPAN_COLUMNS.map((c) => `"${c}"`).join(','));
  return dialect === 'postgresql'
    ? Prisma.sql`INSERT INTO "TraceSpan" (${cols}) VALUES ${values(rows)} ON CONFLICT DO NOTHING`
    : Prisma.sql`INSERT OR IGNORE INTO "TraceSpan" (${cols}) VALUES ${values(rows)}`;
}

export const LOG_COLUMNS = [
  'id',
  'time',
  'traceId',
  'spanId',
  'service',
  'severityNumber',
  'severityText',
  'body',
  'attributes',
  'resourceId',
] as const;

export function logInsert(dialect: Dialect, rows: readonly Row[]): Prisma.Sql {
  const cols = Prisma.raw(LOG_COLUMNS.map((c) => `"${c}"`).join(','));
  return dialect === 'postgresql'
    ? Prisma.sql`INSERT INTO "TraceLog" (${cols}) VALUES ${values(rows)} ON CONFLICT DO NOTHING`
    : Prisma.sql`INSERT OR IGNORE INTO "TraceLog" (${cols}) VALUES ${values(rows)}`;
}

export function resourceInsert(_dialect: Dialect, rows: readonly Row[]): Prisma.Sql {
  return Prisma.sql`INSERT INTO "TraceResource" ("id","service","attributes","seenAt") VALUES ${values(rows)} ON CONFLICT ("id") DO UPDATE SET "seenAt" = excluded."seenAt"`;
}

export function attributeUpsert(_dialect: Dialect, rows: readonly Row[]): Prisma.Sql {
  return Prisma.sql`INSERT INTO "TraceAttribute" ("service","key","value","count","seenAt") VALUES ${values(rows)} ON CONFLICT ("service","key","value") DO UPDATE SET "count" = "TraceAttribute"."count" + excluded."count", "seenAt" = excluded."seenAt"`;
}

/**
 * LIKE patterns over a span's attribute JSON for key=value (a span matches any of them): the value
 * as a string, and as a number or boolean when it reads as one. LIKE's wildcards are escaped with a backslash.
 */
export function attributePatterns(key: string, value: string): string[] {
  const esc = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
  const k = esc(JSON.stringify(key));
  const out = [`%${k}:${esc(JSON.stringify(value))}%`];
  const v = value.trim();
  // A bare literal ends at the next member (",") or the object's end ("}"): 200 must not match 2000.
  if (v === 'true' || v === 'false' || (v !== '' && Number.isFinite(Number(v))))
    out.push(`%${k}:${esc(v)},%`, `%${k}:${esc(v)}}`);
  return out;
}
