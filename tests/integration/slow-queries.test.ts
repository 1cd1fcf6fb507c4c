// Queries through the real client are timed, attributed to their route, and slow ones recorded
// with normalized SQL, counts and p95.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, type Db, setQueryObserver, switchDatabase } from '@/lib/db';
import { applyMigrations } from '@/lib/db/migrate';
import { querySeries } from '@/lib/metrics/query';
import { storePoints } from '@/lib/metrics';
import { MetricsWriter } from '@/lib/metrics/writer';
import { runAs } from '@/lib/observability/context';
import { dbObserver } from '@/lib/self-monitor/db-observer';
import { topSlowQueries } from '@/lib/slow-queries';
import { SlowQueryRecorder } from '@/lib/slow-queries/recorder';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../helpers/databases';

describe.each(PROVIDERS)('slow queries on %s', (provider) => {
  let tdb: TestDatabase;
  let db: Db;
  let writer: MetricsWriter;
  let recorder: SlowQueryRecorder;
  let threshold = 0;
  beforeAll(async () => {
    tdb = await createTestDatabase(provider);
    await applyMigrations(tdb.target);
    db = await switchDatabase(tdb.target);
    writer = new MetricsWriter({ write: storePoints, intervalMs: 60_000, maxPoints: 1_000_000 });
    recorder = new SlowQueryRecorder(
      () => db,
      () => provider,
      () => writer,
      () => threshold,
    );
    setQueryObserver(dbObserver(recorder, () => writer));
  });
  afterAll(async () => {
    setQueryObserver(undefined);
    await closeDatabase();
    await tdb.drop();
  });

  it('times every query by model, operation and route, and records slow ones by normalized SQL', async () => {
    await runAs({ route: '/api/users' }, async () => {
      for (const email of ['a@x.io', 'b@x.io', 'c@x.io']) await db.user.findUnique({ where: { email } });
      await db.$queryRaw`SELECT 1 AS one`;
    });
    await runAs({ route: '(internal)', internal: true }, () => db.user.count()); // never measured
    await recorder.flush();
    await writer.flush();

    const now = Date.now();
    const ops = await querySeries(db, {
      name: 'db_query_duration_ms',
      fromMs: now - 600_000,
      toMs: now + 60_000,
      groupBy: ['model', 'operation', 'route'],
    });
    const labels = ops.series.map((s) => `${s.labels.route} ${s.labels.model}.${s.labels.operation} ×${s.total.count}`);
    expect(labels).toContain('/api/users User.findUnique ×3');
    expect(labels.some((l) => l.startsWith('(internal)'))).toBe(false);

    const top = await topSlowQueries(db, now - 600_000, now + 60_000, 10);
    const user = top.find((q) => q.sql.includes('"User"') || q.sql.includes('`User`'));
    expect(user).toMatchObject({ route: '/api/users', count: 3 });
    expect(user?.sql).not.toContain('a@x.io');
    expect(user?.p95Ms).toBeGreaterThanOrEqual(0);
    expect(user?.meanMs).toBeCloseTo((user?.totalMs ?? 0) / 3);
    expect(await db.slowQuery.count({ where: { route: '(internal)' } })).toBe(0);
  });

  it('ignores queries under the threshold', async () => {
    await recorder.flush(); // the previous test's own checks were slow queries at threshold 0
    threshold = 60_000;
    const before = await db.slowQuery.aggregate({ _sum: { count: true } });
    await runAs({ route: '/api/fast' }, () => db.user.findMany());
    await recorder.flush();
    const after = await db.slowQuery.aggregate({ _sum: { count: true } });
    expect(after._sum.count).toBe(before._sum.count);
    threshold = 0;
  });
});
