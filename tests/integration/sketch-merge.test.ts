// Two writers (two instances' bulk writers) merging into the same histogram sketches at once:
// every observation counted once, on both databases, whichever writer inserts a sketch first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, type Db, switchDatabase } from '@/lib/db';
import { applyMigrations } from '@/lib/db/migrate';
import { pgBackend } from '@/lib/ingest/pg-backend';
import { type Backend, sqliteBackend } from '@/lib/ingest/sqlite-backend';
import { ALL_SERIES, type Point } from '@/lib/metrics/model';
import { metricRows } from '@/lib/metrics/rows';
import { eachBin } from '@/lib/metrics/sketch';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../helpers/databases';

const ROUNDS = 25;
const PER_ROUND = 200;
const t0 = Date.now();

function batch(writer: number, round: number): Point[] {
  return Array.from({ length: PER_ROUND }, (_, i) => ({
    name: 'merge_ms',
    type: 'histogram' as const,
    labels: { route: `/r${(i + round) % 7}` },
    value: 1 + ((writer * 7919 + round * 104729 + i * 31) % 5000) / 7,
    ts: t0 - ((round * 13 + i) % 120_000), // two minutes: buckets several writers share
  }));
}

describe.each(PROVIDERS)('sketch merges by concurrent writers on %s', (provider) => {
  let tdb: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    tdb = await createTestDatabase(provider);
    await applyMigrations(tdb.target);
    db = await switchDatabase(tdb.target);
  });
  afterAll(async () => {
    await closeDatabase();
    await tdb.drop();
  });

  it('counts every observation once', async () => {
    const open = (): Backend =>
      tdb.target.provider === 'sqlite' ? sqliteBackend(tdb.target.file) : pgBackend(tdb.target.url);
    const writers = [open(), open()];
    try {
      await Promise.all(
        writers.map(async (w, k) => {
          for (let round = 0; round < ROUNDS; round++) await w.write(metricRows(batch(k, round)), [], Date.now());
        }),
      );
    } finally {
      for (const w of writers) await w.close();
    }
    for (const resolution of [60, 3600, 86400]) {
      const rows = await db.metricSketch.findMany({ where: { name: 'merge_ms', resolution, labels: ALL_SERIES } });
      let total = 0;
      for (const r of rows) eachBin(r.bins, (_b, c) => (total += c));
      expect(total, `resolution ${resolution}`).toBe(2 * ROUNDS * PER_ROUND);
    }
    const perRoute = await db.metricSketch.findMany({ where: { name: 'merge_ms', resolution: 86400 } });
    let all = 0;
    for (const r of perRoute) if (r.labels !== ALL_SERIES) eachBin(r.bins, (_b, c) => (all += c));
    expect(all).toBe(2 * ROUNDS * PER_ROUND);
  });
});
