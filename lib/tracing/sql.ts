// Pure: the span store's SQL for both dialects. Rows go in as multi-row INSERTs that skip a span
// already stored (an exporter's retry resends the batch); placeholders are $n (PostgreSQL) or ?.
import type { Dialect } from '../db';

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

function placeholders(dialect: Dialect, rows: number, cols: number): string {
  const out: string[] = [];
  let n = 1;
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < cols; c++) row.push(dialect === 'postgresql' ? `$${n++}` : '?');
    out.push(`(${row.join(',')})`);
  }
  return out.join(',');
}

export function spanInsert(dialect: Dialect, rows: number): string {
  const cols = SPAN_COLUMNS.map((c) => `"${c}"`).join(',');
  const values = placeholders(dialect, rows, SPAN_COLUMNS.length);
  return dialect === 'postgresql'
    ? `INSERT INTO "TraceSpan" (${cols}) VALUES ${values} ON CONFLICT DO NOTHING`
    : `INSERT OR IGNORE INTO "TraceSpan" (${cols}) VALUES ${values}`;
}

export function resourceInsert(dialect: Dialect, rows: number): string {
  const values = placeholders(dialect, rows, 4);
  const head = `INTO "TraceResource" ("id","service","attributes","seenAt") VALUES ${values}`;
  return dialect === 'postgresql'
    ? `INSERT ${head} ON CONFLICT ("id") DO UPDATE SET "seenAt" = EXCLUDED."seenAt"`
    : `INSERT ${head} ON CONFLICT ("id") DO UPDATE SET "seenAt" = excluded."seenAt"`;
}

export function attributeUpsert(dialect: Dialect, rows: number): string {
  const values = placeholders(dialect, rows, 5);
  const ex = dialect === 'postgresql' ? 'EXCLUDED' : 'excluded';
  return `INSERT INTO "TraceAttribute" ("service","key","value","count","seenAt") VALUES ${values} ON CONFLICT ("service","key","value") DO UPDATE SET "count" = "TraceAttribute"."count" + ${ex}."count", "seenAt" = ${ex}."seenAt"`;
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
