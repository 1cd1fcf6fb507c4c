// The metrics hot path on SQLite: the same statements as writePoints, through prepared
// statements on a dedicated better-sqlite3 connection in one transaction. At ingest rates the
// Prisma raw-query path costs ~9 µs a point; this one a fraction of that. WAL lets this writer
// and Prisma's connection share the file; synchronous=NORMAL (this connection only) is safe in
// WAL mode and may lose only the last batches on power loss, which metrics can afford.
import Database from 'better-sqlite3';
import { histogramRows, labelsKey, type Point, rollup, seriesOf } from './model';

export function sqliteBatchWriter(file: string): { write: (points: readonly Point[], now?: number) => void; close: () => void } {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  const point = db.prepare('INSERT INTO "MetricPoint" ("name", "labels", "value", "ts") VALUES (?, ?, ?, ?)');
  const series = db.prepare(
    'INSERT INTO "MetricSeries" ("name", "labels", "type", "createdAt", "lastSeenAt") VALUES (?, ?, ?, ?, ?) ON CONFLICT ("name", "labels") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt"',
  );
  const roll = db.prepare(`INSERT INTO "MetricRollup" ("resolution", "name", "labels", "bucket", "count", "sum", "min", "max") VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT ("resolution", "name", "labels", "bucket") DO UPDATE SET "count" = "MetricRollup"."count" + excluded."count", "sum" = "MetricRollup"."sum" + excluded."sum",
  "min" = MIN("MetricRollup"."min", excluded."min"), "max" = MAX("MetricRollup"."max", excluded."max")`);
  const hist = db.prepare(`INSERT INTO "MetricHistogram" ("resolution", "name", "labels", "bucket", "bin", "count") VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT ("resolution", "name", "labels", "bucket", "bin") DO UPDATE SET "count" = "MetricHistogram"."count" + excluded."count"`);
  const tx = db.transaction((points: readonly Point[], now: number) => {
    for (const s of seriesOf(points)) series.run(s.name, s.labels, s.type, now, now);
    for (const p of points) point.run(p.name, labelsKey(p), p.value, Math.round(p.ts));
    for (const r of rollup(points)) roll.run(r.resolution, r.name, r.labels, r.bucket, r.count, r.sum, r.min, r.max);
    for (const h of histogramRows(points)) hist.run(h.resolution, h.name, h.labels, h.bucket, h.bin, h.count);
  });
  return { write: (points, now = Date.now()) => tx(points, now), close: () => db.close() };
}
