// The SQLite fast path (prepared statements, JS merge function) must store exactly what the Prisma
// path (SQL JSON merge) stores, so queries cannot tell which one wrote a sketch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, type Db, switchDatabase } from '@/lib/db';
import { applyMigrations } from '@/lib/db/migrate';
import type { Point } from '@/lib/metrics/model';
import { eachBin } from '@/lib/metrics/sketch';
import { sqliteWorkerWriter } from '@/lib/metrics/sqlite-worker-client';
import { sqliteBatchWriter } from '@/lib/metrics/sqlite-writer';
import { writePoints } from '@/lib/metrics/writer';
import { createTestDatabase, type TestDatabase } from '../helpers/databases';

const batch = (name: string, k: number): Point[] =>
  Array.from({ length: 500 }, (_, i) => ({
    name,
    labels: { route: `/r${i % 3}` },
    value: ((i * 31 + k) % 400) / 7 - 3,
    ts: 1_700_000_000_000 + i * 1_000,
    type: 'histogram',
  }));

describe('SQLite batch writer', () => {
  let tdb: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    tdb = await createTestDatabase('sqlite');
    await applyMigrations(tdb.target);
    db = await switchDatabase(tdb.target);
  });
  afterAll(async () => {
    await closeDatabase();
    await tdb.drop();
  });

  async function sketches(name: string) {
    const rows = await db.metricSketch.findMany({
      where: { name },
      orderBy: [{ resolution: 'asc' }, { labels: 'asc' }, { bucket: 'asc' }],
    });
    return rows.map((r) => {
      const bins = new Map<number, number>();
      eachBin(r.bins, (b, c) => bins.set(b, c));
      return { resolution: r.resolution, labels: r.labels, bucket: r.bucket, bins };
    });
  }

  it('stores the same sketches as the Prisma path, merging batches into existing rows', async () => {
    if (tdb.target.provider !== 'sqlite') throw new Error('unreachable');
    const fast = sqliteBatchWriter(tdb.target.file);
    fast.write(batch('fast_ms', 1));
    fast.write(batch('fast_ms', 2));
    fast.close();
    await writePoints(db, 'sqlite', batch('slow_ms', 1));
    await writePoints(db, 'sqlite', batch('slow_ms', 2));
    const [a, b] = [await sketches('fast_ms'), await sketches('slow_ms')];
    expect(a.length).toBeGreaterThan(0);
    expect(a).toEqual(b);
    const total = a
      .filter((s) => s.resolution === 86400 && s.labels === '*')
      .reduce((n, s) => n + [...s.bins.values()].reduce((x, y) => x + y, 0), 0);
    expect(total).toBe(1000);
  });
});

describe('SQLite writer thread', () => {
  it('stores batches off the main thread, and reports a failed transaction to the caller', async () => {
    const tdb = await createTestDatabase('sqlite');
    if (tdb.target.provider !== 'sqlite') throw new Error('unreachable');
    const file = tdb.target.file;
    // No tables yet: the transaction fails and write() rejects with SQLite's message.
    const early = sqliteWorkerWriter(file);
    await expect(early.write(batch('thread_ms', 1))).rejects.toThrow(/no such table/);
    await early.close();
    await applyMigrations(tdb.target);
    const writer = sqliteWorkerWriter(file);
    try {
      await Promise.all([writer.write(batch('thread_ms', 1)), writer.write(batch('thread_ms', 2))]);
      const db = await switchDatabase(tdb.target);
      expect(await db.metricPoint.count({ where: { name: 'thread_ms' } })).toBe(1000);
      expect(await db.metricSketch.count({ where: { name: 'thread_ms', resolution: 86400 } })).toBe(4); // 3 routes + all-series
    } finally {
      await writer.close();
      await closeDatabase();
      await tdb.drop();
    }
  });
});
