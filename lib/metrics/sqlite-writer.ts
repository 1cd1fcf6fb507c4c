// The metrics hot path on SQLite: the same statements as writePoints, through prepared
// statements on a dedicated better-sqlite3 connection in one transaction. At ingest rates the
// Prisma raw-query path costs ~9 µs a point; this one a fraction of that. WAL lets this writer
// and Prisma's connection share the file; synchronous=NORMAL (this connection only) is safe in
// WAL mode and may lose only the last batches on power loss, which metrics can afford.
import Database from 'better-sqlite3';
import { labelsKey, type Point, rollup, seriesOf, sketchRows } from './model';
import { mergeBins } from './sketch';

const POINTS_PER_STATEMENT = 64;

export function sqliteBatchWriter(file: string): {
  write: (points: readonly Point[], now?: number) => void;
  close: () => void;
} {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  // Raw points go in 64 rows a statement: one bind-step-reset per 64 rows instead of per row.
  const pointSql = (n: number) =>
    `INSERT INTO "MetricPoint" ("name", "labels", "value", "ts") VALUES ${Array(n).fill('(?, ?, ?, ?)').join(', ')}`;
  const point = db.prepare(pointSql(1));
  const points64 = db.prepare(pointSql(POINTS_PER_STATEMENT));
  const series = db.prepare(
    'INSERT INTO "MetricSeries" ("name", "labels", "type", "createdAt", "lastSeenAt") VALUES (?, ?, ?, ?, ?) ON CONFLICT ("name", "labels") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt"',
  );
  const roll =
    db.prepare(`INSERT INTO "MetricRollup" ("resolution", "name", "labels", "bucket", "count", "sum", "min", "max") VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT ("resolution", "name", "labels", "bucket") DO UPDATE SET "count" = "MetricRollup"."count" + excluded."count", "sum" = "MetricRollup"."sum" + excluded."sum",
  "min" = MIN("MetricRollup"."min", excluded."min"), "max" = MAX("MetricRollup"."max", excluded."max")`);
  // The sketch merge as a SQL function: the same result as sql.ts's JSON merge, ~3× faster.
  db.function('redline_merge_bins', { deterministic: true }, (a: unknown, b: unknown) =>
    mergeBins(String(a), String(b)),
  );
  const sketch =
    db.prepare(`INSERT INTO "MetricSketch" ("resolution", "name", "labels", "bucket", "bins") VALUES (?, ?, ?, ?, ?)
ON CONFLICT ("resolution", "name", "labels", "bucket") DO UPDATE SET "bins" = redline_merge_bins("MetricSketch"."bins", excluded."bins")`);
  const tx = db.transaction((points: readonly Point[], now: number) => {
    for (const s of seriesOf(points)) series.run(s.name, s.labels, s.type, now, now);
    const args: unknown[] = new Array(POINTS_PER_STATEMENT * 4);
    let i = 0;
    for (; i + POINTS_PER_STATEMENT <= points.length; i += POINTS_PER_STATEMENT) {
      for (let j = 0; j < POINTS_PER_STATEMENT; j++) {
        const p = points[i + j] as Point;
        args[j * 4] = p.name;
        args[j * 4 + 1] = labelsKey(p);
        args[j * 4 + 2] = p.value;
        args[j * 4 + 3] = Math.round(p.ts);
      }
      points64.run(args);
    }
    for (; i < points.length; i++) {
      const p = points[i] as Point;
      point.run(p.name, labelsKey(p), p.value, Math.round(p.ts));
    }
    for (const r of rollup(points)) roll.run(r.resolution, r.name, r.labels, r.bucket, r.count, r.sum, r.min, r.max);
    for (const k of sketchRows(points)) sketch.run(k.resolution, k.name, k.labels, k.bucket, k.bins);
  });
  return { write: (points, now = Date.now()) => tx(points, now), close: () => db.close() };
}
