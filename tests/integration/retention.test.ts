// The retention job on a real database deletes what is past retention and keeps the rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, type Db, switchDatabase } from '@/lib/db';
import { applyMigrations } from '@/lib/db/migrate';
import { storePoints } from '@/lib/metrics';
import { retentionJob } from '@/lib/scheduler/jobs';
import { updateSettings } from '@/lib/settings/service';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../helpers/databases';

const DAY = 86_400_000;
// The process's own metrics (settings cache, queries) land in the same tables: look at ours only.
const WRITTEN = ['old', 'recent', 'fresh'];

describe.each(PROVIDERS)('retention job on %s', (provider) => {
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

  it('purges metrics past the retention setting, expired sessions and old job runs', async () => {
    const now = Date.now();
    await storePoints([
      { name: 'old', labels: {}, value: 1, ts: now - 40 * DAY, type: 'gauge' },
      { name: 'recent', labels: {}, value: 1, ts: now - 5 * DAY, type: 'gauge' },
      { name: 'fresh', labels: {}, value: 1, ts: now - 60_000, type: 'gauge' },
    ]);
    const user = await db.user.create({ data: { email: 'r@x.io', name: 'r', role: 'admin', passwordHash: 'x' } });
    await db.session.createMany({
      data: [
        { id: 'expired', userId: user.id, csrfToken: 'c', expiresAt: new Date(now - 1_000) },
        { id: 'live', userId: user.id, csrfToken: 'c', expiresAt: new Date(now + DAY) },
      ],
    });
    await db.jobRun.create({
      data: { job: 'x', instanceId: 'i', trigger: 'schedule', startedAt: new Date(now - 31 * DAY), status: 'success' },
    });

    const first = await retentionJob.run({ signal: new AbortController().signal, trigger: 'manual' });
    expect(first).toMatchObject({ deleted: { sessions: 1, jobRuns: 1 } });
    expect(
      (await db.metricChunk.findMany({ where: { name: { in: WRITTEN } }, select: { name: true } }))
        .map((p) => p.name)
        .sort(),
    ).toEqual(['fresh', 'recent']);
    expect(await db.metricRollup.count({ where: { name: 'old' } })).toBe(0);
    expect((await db.session.findMany()).map((s) => s.id)).toEqual(['live']);

    // A shorter retention set at run time applies at the next run.
    await updateSettings({ 'monitoring.retention.metricsMs': DAY }, 'test');
    await retentionJob.run({ signal: new AbortController().signal, trigger: 'manual' });
    expect(
      (await db.metricChunk.findMany({ where: { name: { in: WRITTEN } }, select: { name: true } })).map((p) => p.name),
    ).toEqual(['fresh']);
    await updateSettings({ 'monitoring.retention.metricsMs': null }, 'test'); // settings are cached per process
  });
});
