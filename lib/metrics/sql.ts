// Pure: the metrics store's write statements (the rollup and sketch upserts differ between SQLite
// and PostgreSQL).
import { Prisma } from '../db/generated/sqlite/client';
import type { Dialect } from '../db';
import type { ChunkRow } from './chunks';
import type { RollupRow, SketchRow } from './model';

export const ROWS_PER_STATEMENT = 1_000; // 8 parameters a row stays far below both engines' limits

export function rollupUpsert(dialect: Dialect, rows: readonly RollupRow[]): Prisma.Sql {
  const least = dialect === 'postgresql' ? 'LEAST' : 'MIN';
  const greatest = dialect === 'postgresql' ? 'GREATEST' : 'MAX';
  const values = Prisma.join(
    rows.map(
      (r) =>
        Prisma.sql`(${r.resolution}, ${r.name}, ${r.labels}, ${BigInt(r.bucket)}, ${r.count}, ${r.sum}, ${r.min}, ${r.max})`,
    ),
  );
  return Prisma.sql`INSERT INTO "MetricRollup" ("resolution", "name", "labels", "bucket", "count", "sum", "min", "max")
VALUES ${values}
ON CONFLICT ("resolution", "name", "labels", "bucket") DO UPDATE SET
  "count" = "MetricRollup"."count" + excluded."count",
  "sum" = "MetricRollup"."sum" + excluded."sum",
  "min" = ${Prisma.raw(least)}("MetricRollup"."min", excluded."min"),
  "max" = ${Prisma.raw(greatest)}("MetricRollup"."max", excluded."max")`;
}

/**
 * Sketch upsert: a new row, or the stored sketch plus the batch's, merged bin by bin inside the
 * statement so concurrent writers (several instances on PostgreSQL) never overwrite each other.
 */
export function sketchUpsert(dialect: Dialect, rows: readonly SketchRow[]): Prisma.Sql {
  const values = Prisma.join(
    rows.map((r) => Prisma.sql`(${r.resolution}, ${r.name}, ${r.labels}, ${BigInt(r.bucket)}, ${r.bins})`),
  );
  const merged =
    dialect === 'postgresql'
      ? Prisma.sql`(SELECT jsonb_object_agg(k, c)::text FROM (SELECT "key" AS k, SUM("value"::numeric) AS c FROM (SELECT * FROM jsonb_each("MetricSketch"."bins"::jsonb) UNION ALL SELECT * FROM jsonb_each(excluded."bins"::jsonb)) AS b GROUP BY "key") AS m)`
      : Prisma.sql`(SELECT json_group_object(k, c) FROM (SELECT "key" AS k, SUM("value") AS c FROM (SELECT "key", "value" FROM json_each("MetricSketch"."bins") UNION ALL SELECT "key", "value" FROM json_each(excluded."bins")) GROUP BY "key"))`;
  return Prisma.sql`INSERT INTO "MetricSketch" ("resolution", "name", "labels", "bucket", "bins")
VALUES ${values}
ON CONFLICT ("resolution", "name", "labels", "bucket") DO UPDATE SET "bins" = ${merged}`;
}

const sketchKey = (r: SketchRow) =>
  Prisma.sql`(${r.resolution}::int, ${r.name}::text, ${r.labels}::text, ${BigInt(r.bucket)}::bigint`;

/**
 * PostgreSQL: the stored bins of these sketches, locked until the transaction ends (in key order,
 * byte-wise as the writer sorts them, so writers on several instances lock alike), for a merge by the writer rather than in SQL.
 */
export function sketchesForUpdate(rows: readonly SketchRow[]): Prisma.Sql {
  const keys = Prisma.join(rows.map((r) => Prisma.sql`${sketchKey(r)})`));
  return Prisma.sql`SELECT "resolution", "name", "labels", "bucket", "bins" FROM "MetricSketch"
WHERE ("resolution", "name", "labels", "bucket") IN (VALUES ${keys})
ORDER BY "resolution", "name" COLLATE "C", "labels" COLLATE "C", "bucket" FOR UPDATE`;
}

/** PostgreSQL: stored sketches replaced by bins already merged (rows locked by sketchesForUpdate). */
export function sketchesReplace(rows: readonly SketchRow[]): Prisma.Sql {
  const values = Prisma.join(rows.map((r) => Prisma.sql`${sketchKey(r)}, ${r.bins}::text)`));
  return Prisma.sql`UPDATE "MetricSketch" AS s SET "bins" = v."bins"
FROM (VALUES ${values}) AS v("resolution", "name", "labels", "bucket", "bins")
WHERE s."resolution" = v."resolution" AND s."name" = v."name" AND s."labels" = v."labels" AND s."bucket" = v."bucket"`;
}

/** Registers series; the first writer's type wins (a later conflicting type is ignored). */
export function seriesUpsert(
  series: readonly { name: string; labels: string; type: string }[],
  now: number,
): Prisma.Sql {
  const t = BigInt(now);
  const values = Prisma.join(series.map((s) => Prisma.sql`(${s.name}, ${s.labels}, ${s.type}, ${t}, ${t})`));
  return Prisma.sql`INSERT INTO "MetricSeries" ("name", "labels", "type", "createdAt", "lastSeenAt")
VALUES ${values}
ON CONFLICT ("name", "labels") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt"`;
}

/** Raw chunks as one multi-row INSERT: far cheaper per row than createMany at high ingest rates. */
export function chunksInsert(rows: readonly ChunkRow[]): Prisma.Sql {
  const values = Prisma.join(
    rows.map((c) => Prisma.sql`(${c.name}, ${c.labels}, ${BigInt(c.bucket)}, ${c.count}, ${c.offsets}, ${c.vals})`),
  );
  return Prisma.sql`INSERT INTO "MetricChunk" ("name", "labels", "bucket", "count", "offsets", "vals") VALUES ${values}`;
}
