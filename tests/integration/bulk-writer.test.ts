// The one bulk writer on both databases: points (raw rows, series, rollups, sketches merged across
// writes) and span rows, stored by group commit — many writes in one transaction, each resolving
// only once committed, one bad write refused alone — and closed only after what it was given is in.
import { serialize } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, type Db, switchDatabase } from '@/lib/db';
import type { Prisma } from '@/lib/db/generated/sqlite/client';
import { applyMigrations } from '@/lib/db/migrate';
import { bulkWriter, closeBulkWriter } from '@/lib/ingest/bulk-writer';
import type { SpanRowSet } from '@/lib/ingest/jobs';
import { storePoints } from '@/lib/metrics';
import type { Point } from '@/lib/metrics/model';
import { eachBin } from '@/lib/metrics/sketch';
import type { SpanRecord } from '@/lib/tracing/model';
import { newCaches, spanRows } from '@/lib/tracing/rows';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../helpers/databases';

const points = (name: string, k: number, n = 500): Point[] =>
  Array.from({ length: n }, (_, i) => ({
    name,
    labels: { route: `/r${i % 3}` },
    value: ((i * 31 + k) % 400) / 7 - 3,
    ts: 1_700_000_000_000 + i * 1_000,
    type: 'histogram',
  }));

const span = (traceId: string, spanId: string): SpanRecord => ({
  traceId,
  spanId,
  parentId: null,
  service: 'bulk',
  name: 'GET /x',
  kind: 2,
  startUs: Date.now() * 1000,
  durationUs: 1_000,
  status: 0,
  statusMessage: null,
  attributes: { 'http.route': '/x' },
  events: [],
  links: [],
  resource: { 'service.name': 'bulk' },
  scope: null,
});

const rowsOf = (spans: SpanRecord[], set?: Partial<SpanRowSet>) => {
  const b = serialize({ ...spanRows(spans, newCaches()), ...set });
  return new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength);
};

describe.each(PROVIDERS)('the bulk writer on %s', (provider) => {
  let tdb: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    tdb = await createTestDatabase(provider);
    db = await switchDatabase(tdb.target);
  });
  afterAll(async () => {
    await closeBulkWriter();
    await closeDatabase();
    await tdb.drop();
  });

  const stored = async (where: Prisma.MetricChunkWhereInput) =>
    (await db.metricChunk.aggregate({ where, _sum: { count: true } }))._sum.count ?? 0;

  it('refuses a write the database refuses, with its message (no tables yet)', async () => {
    await expect(storePoints(points('early_ms', 1, 5))).rejects.toThrow(/no such table|does not exist/);
    await applyMigrations(tdb.target);
  });

  it('stores points with their series, rollups and sketches, merging writes to one bucket', async () => {
    await Promise.all([storePoints(points('bulk_ms', 1)), storePoints(points('bulk_ms', 2))]);
    expect(await stored({ name: 'bulk_ms' })).toBe(1_000);
    expect(await db.metricSeries.count({ where: { name: 'bulk_ms' } })).toBe(3);
    const day = await db.metricSketch.findMany({ where: { name: 'bulk_ms', resolution: 86400, labels: '*' } });
    let total = 0;
    for (const r of day) eachBin(r.bins, (_b, c) => (total += c));
    expect(total).toBe(1_000);
  });

  it('groups concurrent writes into transactions, each answered once stored', async () => {
    const writes = Array.from({ length: 60 }, (_, i) => storePoints(points(`group_${i % 4}_ms`, i, 20)));
    await Promise.all(writes);
    expect(await stored({ name: { startsWith: 'group_' } })).toBe(1_200);
  });

  it('stores span rows, skips a span stored twice, and refuses a bad write alone', async () => {
    const trace = 'ab'.repeat(16);
    const good = [span(trace, '01'.repeat(8)), span(trace, '02'.repeat(8))];
    const results = await Promise.allSettled([
      bulkWriter().write({ kind: 'spans', rows: rowsOf(good) }),
      bulkWriter().write({ kind: 'spans', rows: rowsOf([good[0] as SpanRecord]) }), // a retry
      bulkWriter().write({ kind: 'spans', rows: rowsOf([], { spans: [['too', 'few', 'columns']] }) }),
      storePoints(points('beside_bad_ms', 3, 10)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await db.traceSpan.count({ where: { traceId: trace } })).toBe(2);
    expect(await stored({ name: 'beside_bad_ms' })).toBe(10);
  });

  it('commits everything it was given before it closes', async () => {
    const pending = Array.from({ length: 10 }, (_, i) => storePoints(points('closing_ms', i, 50)));
    await closeBulkWriter();
    await Promise.all(pending);
    expect(await stored({ name: 'closing_ms' })).toBe(500);
  });
});
