// Pure: the rollup upsert, the one statement whose SQL differs between SQLite and PostgreSQL.
import { Prisma } from '../db/generated/sqlite/client';
import type { Dialect } from '../db';
import type { HistogramRow, RollupRow } from './model';

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

export function histogramUpsert(rows: readonly HistogramRow[]): Prisma.Sql {
  const values = Prisma.join(rows.map((r) => Prisma.sql`(${r.resolution}, ${r.name}, ${r.labels}, ${BigInt(r.bucket)}, ${r.bin}, ${r.count})`));
  return Prisma.sql`INSERT INTO "MetricHistogram" ("resolution", "name", "labels", "bucket", "bin", "count")
VALUES ${values}
ON CONFLICT ("resolution", "name", "labels", "bucket", "bin") DO UPDATE SET "count" = "MetricHistogram"."count" + excluded."count"`;
}

/** Registers series; the first writer's type wins (a later conflicting type is ignored). */
export function seriesUpsert(series: readonly { name: string; labels: string; type: string }[], now: number): Prisma.Sql {
  const t = BigInt(now);
  const values = Prisma.join(series.map((s) => Prisma.sql`(${s.name}, ${s.labels}, ${s.type}, ${t}, ${t})`));
  return Prisma.sql`INSERT INTO "MetricSeries" ("name", "labels", "type", "createdAt", "lastSeenAt")
VALUES ${values}
ON CONFLICT ("name", "labels") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt"`;
}

/** Raw points as one multi-row INSERT: far cheaper per row than createMany at high ingest rates. */
export function pointsInsert(points: readonly { name: string; labels: string; value: number; ts: number }[]): Prisma.Sql {
  const values = Prisma.join(points.map((p) => Prisma.sql`(${p.name}, ${p.labels}, ${p.value}, ${BigInt(Math.round(p.ts))})`));
  return Prisma.sql`INSERT INTO "MetricPoint" ("name", "labels", "value", "ts") VALUES ${values}`;
}
