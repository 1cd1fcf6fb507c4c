// Pure: the rollup upsert, the one statement whose SQL differs between SQLite and PostgreSQL.
import { Prisma } from '../db/generated/sqlite/client';
import type { Dialect } from '../db';
import type { RollupRow } from './model';

export const ROWS_PER_STATEMENT = 1_000; // 8 parameters a row stays far below both engines' limits

export function rollupUpsert(dialect: Dialect, rows: readonly RollupRow[]): Prisma.Sql {
  const least = dialect === 'postgresql' ? 'LEAST' : 'MIN';
  const greatest = dialect === 'postgresql' ? 'GREATEST' : 'MAX';
  const values = Prisma.join(
    rows.map((r) => Prisma.sql`(${r.resolution}, ${r.name}, ${r.labels}, ${BigInt(r.bucket)}, ${r.count}, ${r.sum}, ${r.min}, ${r.max})`),
  );
  return Prisma.sql`INSERT INTO "MetricRollup" ("resolution", "name", "labels", "bucket", "count", "sum", "min", "max")
VALUES ${values}
ON CONFLICT ("resolution", "name", "labels", "bucket") DO UPDATE SET
  "count" = "MetricRollup"."count" + excluded."count",
  "sum" = "MetricRollup"."sum" + excluded."sum",
  "min" = ${Prisma.raw(least)}("MetricRollup"."min", excluded."min"),
  "max" = ${Prisma.raw(greatest)}("MetricRollup"."max", excluded."max")`;
}
