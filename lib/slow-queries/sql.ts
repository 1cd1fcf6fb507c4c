// Pure: the slow-query upsert (MAX/GREATEST differ between SQLite and PostgreSQL).
import { Prisma } from '../db/generated/sqlite/client';
import type { Dialect } from '../db';

export interface SlowQueryAgg {
  fingerprint: string;
  sql: string;
  route: string;
  count: number;
  totalMs: number;
  maxMs: number;
  firstSeen: number;
  lastSeen: number;
}

export function slowQueryUpsert(dialect: Dialect, rows: readonly SlowQueryAgg[]): Prisma.Sql {
  const greatest = Prisma.raw(dialect === 'postgresql' ? 'GREATEST' : 'MAX');
  const values = Prisma.join(
    rows.map(
      (r) =>
        Prisma.sql`(${r.fingerprint}, ${r.sql}, ${r.route}, ${r.count}, ${r.totalMs}, ${r.maxMs}, ${BigInt(r.firstSeen)}, ${BigInt(r.lastSeen)})`,
    ),
  );
  return Prisma.sql`INSERT INTO "SlowQuery" ("fingerprint", "sql", "route", "count", "totalMs", "maxMs", "firstSeen", "lastSeen")
VALUES ${values}
ON CONFLICT ("fingerprint", "route") DO UPDATE SET
  "count" = "SlowQuery"."count" + excluded."count",
  "totalMs" = "SlowQuery"."totalMs" + excluded."totalMs",
  "maxMs" = ${greatest}("SlowQuery"."maxMs", excluded."maxMs"),
  "lastSeen" = ${greatest}("SlowQuery"."lastSeen", excluded."lastSeen")`;
}
