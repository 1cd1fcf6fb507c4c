// The migration that moved raw points into chunks carries every stored point over, on both
// databases: run on a table of points as the earlier schema made them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_ROOT } from '@/lib/db/migrate';
import { type ChunkRow, eachChunkPoint } from '@/lib/metrics/chunks';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../helpers/databases';

const migration = (provider: string) => {
  const dir = path.join(MIGRATIONS_ROOT, provider);
  const name = readdirSync(dir).find((d) => d.endsWith('_metric_chunks'));
  return readFileSync(path.join(dir, name as string, 'migration.sql'), 'utf8');
};

const MINUTE = 60_000;
const t0 = 1_765_000_020_000 - (1_765_000_020_000 % MINUTE);
// [name, labels, value, ts]: two series, two minutes, values that must survive exactly
const POINTS: [string, string, number, number][] = [
  ['http_ms', '{"route":"/a"}', 1.5, t0 + 10],
  ['http_ms', '{"route":"/a"}', 0.1 + 0.2, t0 + 59_999],
  ['http_ms', '{"route":"/b"}', 7, t0 + 20],
  ['http_ms', '{"route":"/a"}', -2.25e-7, t0 + MINUTE],
  ['cpu', '{}', 1e21, t0 + 5],
];
const CREATE = `CREATE TABLE "MetricPoint" ("id" BIGSERIAL PRIMARY KEY, "name" TEXT NOT NULL, "labels" TEXT NOT NULL, "value" DOUBLE PRECISION NOT NULL, "ts" BIGINT NOT NULL)`;

type Chunk = ChunkRow;
const points = (chunks: Chunk[]) =>
  chunks
    .flatMap((c) => {
      const out: [string, string, number, number][] = [];
      eachChunkPoint(c, (ts, v) => out.push([c.name, c.labels, v, ts]));
      expect(out).toHaveLength(Number(c.count));
      return out;
    })
    .sort((a, b) => a[3] - b[3] || a[1].localeCompare(b[1]));
const expected = [...POINTS].sort((a, b) => a[3] - b[3] || a[1].localeCompare(b[1]));

describe.each(PROVIDERS)('the metric chunks migration on %s', (provider) => {
  let tdb: TestDatabase;
  afterAll(() => tdb?.drop());

  it('carries every stored point over, one chunk per series and minute', async () => {
    tdb = await createTestDatabase(provider);
    let chunks: Chunk[];
    if (tdb.target.provider === 'sqlite') {
      const db = new Database(tdb.target.file);
      db.exec(
        CREATE.replace('BIGSERIAL', 'INTEGER')
          .replace('DOUBLE PRECISION', 'REAL')
          .replace('PRIMARY KEY', 'PRIMARY KEY AUTOINCREMENT'),
      );
      const insert = db.prepare(`INSERT INTO "MetricPoint" ("name", "labels", "value", "ts") VALUES (?, ?, ?, ?)`);
      for (const p of POINTS) insert.run(...p);
      db.exec(migration('sqlite'));
      chunks = db.prepare(`SELECT * FROM "MetricChunk"`).all() as Chunk[];
      db.close();
    } else {
      const c = new pg.Client({ connectionString: tdb.target.url });
      await c.connect();
      await c.query(CREATE);
      for (const p of POINTS)
        await c.query(`INSERT INTO "MetricPoint" ("name", "labels", "value", "ts") VALUES ($1, $2, $3, $4)`, p);
      await c.query(migration('postgresql'));
      chunks = (await c.query(`SELECT * FROM "MetricChunk"`)).rows as Chunk[];
      await c.end();
    }
    expect(chunks).toHaveLength(4);
    expect(points(chunks)).toEqual(expected);
  });
});
