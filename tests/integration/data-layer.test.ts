// The data layer on both providers: migrations, the metrics store, auth, settings and audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, writeAudit } from '@/lib/audit/service';
import {
  createApiToken,
  createFirstAdmin,
  authenticate,
  createSession,
  resolveApiToken,
  resolveSession,
  userCount,
} from '@/lib/auth/service';
import { revokeToken, updateUser } from '@/lib/auth/admin';
import { closeDatabase, type Db, dialect, switchDatabase } from '@/lib/db';
import { applyMigrations, readMigrationList } from '@/lib/db/migrate';
import { purgeMetricsBefore, querySeries } from '@/lib/metrics/query';
import { storePoints } from '@/lib/metrics';
import { MetricsWriter } from '@/lib/metrics/writer';
import { eachBin } from '@/lib/metrics/sketch';
import { listSettings, settingValue, updateSettings } from '@/lib/settings/service';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../helpers/databases';

const committed = (provider: (typeof PROVIDERS)[number]) =>
  readMigrationList(provider).migrationDirectories.map((d) => d.path);

describe.each(PROVIDERS)('data layer on %s', (provider) => {
  let tdb: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider);
    expect(await applyMigrations(tdb.target)).toEqual(committed(provider));
    db = await switchDatabase(tdb.target);
  });
  afterAll(async () => {
    await closeDatabase();
    await tdb.drop();
  });

  it('records migrations in _prisma_migrations and applies nothing twice', async () => {
    const rows = await db.$queryRaw<
      { migration_name: string; finished_at: unknown }[]
    >`SELECT migration_name, finished_at FROM _prisma_migrations`;
    expect(rows.map((r) => r.migration_name).sort()).toEqual(committed(provider));
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
    expect(await applyMigrations(tdb.target)).toEqual([]);
    expect(dialect()).toBe(provider);
  });

  it('applies the committed migrations in order, the first being the initial schema', () => {
    expect(committed(provider)[0]).toMatch(/_init$/);
  });

  it('writes points with their rollups and reads them back at every resolution', async () => {
    const t0 = Date.UTC(2026, 10, 1, 12, 0, 0);
    await storePoints([
      { name: 'lat', labels: { route: '/a' }, value: 10, ts: t0 + 5_000, type: 'histogram' },
      { name: 'lat', labels: { route: '/a' }, value: 30, ts: t0 + 20_000, type: 'histogram' },
      { name: 'lat', labels: { route: '/b' }, value: 7, ts: t0 + 70_000, type: 'histogram' },
    ]);
    // A second batch into the same buckets merges: counts add, min and max move.
    await storePoints([{ name: 'lat', labels: { route: '/a' }, value: 2, ts: t0 + 30_000, type: 'histogram' }]);

    const raw = await querySeries(db, { name: 'lat', fromMs: t0, toMs: t0 + 120_000, groupBy: ['route'] });
    expect(raw.source).toBe('raw');
    const a = raw.series.find((s) => s.labels.route === '/a');
    expect(a?.total).toMatchObject({ count: 3, min: 2, max: 30 });

    const minute = await querySeries(db, { name: 'lat', fromMs: t0, toMs: t0 + 120_000, stepMs: 60_000, groupBy: [] });
    expect(minute.source).toBe('1m');
    expect(minute.series[0]?.points.map((p) => [p.count, p.min, p.max])).toEqual([
      [3, 2, 30],
      [1, 7, 7],
    ]);

    const hour = await querySeries(db, {
      name: 'lat',
      fromMs: t0,
      toMs: t0 + 3_600_000,
      stepMs: 3_600_000,
      groupBy: [],
    });
    expect(hour.source).toBe('1h');
    expect(hour.series[0]?.total).toMatchObject({ count: 4, min: 2, max: 30 });
    expect(hour.series[0]?.total.avg).toBeCloseTo(49 / 4);

    // The 1 minute rollups and sketches (/a's and the all-series ones) of the first minute end
    // before the cutoff.
    expect(await purgeMetricsBefore(db, t0 + 60_000)).toEqual({ points: 3, rollups: 4, series: 0 });
  });

  it('answers percentiles from histogram bins merged across batches, within 1%', async () => {
    const t0 = Date.UTC(2026, 10, 2, 12, 0, 0);
    const values = Array.from({ length: 1_000 }, (_, i) => i + 1); // 1..1000 ms
    const points = values.map((v, i) => ({
      name: 'req_ms',
      labels: { route: '/p', instance: i % 2 ? 'a' : 'b' },
      value: v,
      ts: t0 + (i % 120) * 1_000,
      type: 'histogram' as const,
    }));
    await storePoints(points.filter((_, i) => i % 2 === 0)); // two writers, one bucket
    await storePoints(points.filter((_, i) => i % 2 === 1));
    const r = await querySeries(db, {
      name: 'req_ms',
      fromMs: t0,
      toMs: t0 + 3_600_000,
      groupBy: ['route'],
      quantiles: [0.5, 0.95, 0.99],
    });
    const total = r.series[0]?.total;
    expect(total?.count).toBe(1_000);
    expect(total?.quantiles?.p50).toBeCloseTo(500, -1);
    for (const [key, exact] of [
      ['p50', 500],
      ['p95', 950],
      ['p99', 990],
    ] as const) {
      expect(Math.abs((total?.quantiles?.[key] ?? 0) - exact) / exact).toBeLessThan(0.02);
    }
    expect(r.series[0]?.points).toHaveLength(2); // two minutes, each with its own percentiles
    expect(r.series[0]?.points[0]?.quantiles?.p99).toBeGreaterThan(0);
    const types = await db.metricSeries.findMany({ where: { name: 'req_ms' } });
    expect(types.map((t) => t.type)).toEqual(['histogram', 'histogram']);
  });

  it('never answers a quantile above the max (or below the min) of the same window', async () => {
    // 4.70 … 4.78 ms: the top sketch bin's representative value is above 4.78 (the demo's p99 4.81, max 4.78).
    const t0 = Date.UTC(2026, 0, 3, 10, 0, 0);
    const values = Array.from({ length: 200 }, (_, i) => 4.7 + (i % 9) / 100);
    await storePoints(
      values.map((value, i) => ({
        name: 'tight_ms',
        labels: { route: '/lb' },
        value,
        ts: t0 + (i % 60) * 1_000,
        type: 'histogram' as const,
      })),
    );
    for (const totalsOnly of [false, true]) {
      const r = await querySeries(db, {
        name: 'tight_ms',
        fromMs: t0,
        toMs: t0 + 3_600_000,
        groupBy: ['route'],
        quantiles: [0.5, 0.95, 0.99],
        totalsOnly,
      });
      const s = r.series[0];
      for (const w of [s?.total, ...(s?.points ?? [])]) {
        const q = w?.quantiles ?? {};
        expect(w?.max).toBeCloseTo(4.78, 6);
        expect(q.p50).toBeLessThanOrEqual(q.p95 ?? 0);
        expect(q.p95).toBeLessThanOrEqual(q.p99 ?? 0);
        expect(q.p99).toBeLessThanOrEqual(w?.max ?? 0);
        expect(q.p50).toBeGreaterThanOrEqual(w?.min ?? Number.POSITIVE_INFINITY);
      }
    }
  });

  it('gives exact range totals across whole days and partial edges, and pre-merged all-series rows', async () => {
    const day = 86_400_000;
    const d0 = Date.UTC(2026, 9, 10); // three days of one observation per 10 minutes, two series
    const pts = Array.from({ length: 3 * 144 }, (_, i) => ({
      name: 'span_ms',
      labels: { route: i % 2 ? '/a' : '/b' },
      value: 1 + (i % 50),
      ts: d0 + i * 600_000,
      type: 'histogram' as const,
    }));
    await storePoints(pts);
    const from = d0 + 5 * 3_600_000; // 05:00 on day 1 …
    const to = d0 + 2 * day + 19 * 3_600_000; // … to 19:00 on day 3
    const exact = pts.filter((p) => p.ts >= from && p.ts < to + 3_600_000 - 1).length;
    const r = await querySeries(db, {
      name: 'span_ms',
      fromMs: from,
      toMs: to,
      groupBy: ['route'],
      quantiles: [0.5],
      totalsOnly: true,
    });
    expect(r.source).toBe('1h');
    const total = r.series.reduce((n, s) => n + s.total.count, 0);
    expect(total).toBe(exact); // rollup counts, hourly buckets
    const merged = await querySeries(db, {
      name: 'span_ms',
      fromMs: from,
      toMs: to,
      groupBy: [],
      quantiles: [0.5, 0.99],
      totalsOnly: true,
    });
    expect(merged.series[0]?.total.quantiles?.p50).toBeGreaterThan(0);
    // The percentiles of the totals come from days + edge hours: their bins add up to the same count.
    const dailyCount = async () => {
      let n = 0;
      for (const s of await db.metricSketch.findMany({ where: { name: 'span_ms', resolution: 86400, labels: '*' } }))
        eachBin(s.bins, (_, c) => (n += c));
      return n;
    };
    expect(await dailyCount()).toBe(pts.length);
    // A second batch into the same buckets merges into the stored sketches, bin by bin.
    await storePoints(pts);
    expect(await dailyCount()).toBe(2 * pts.length);
    const again = await querySeries(db, {
      name: 'span_ms',
      fromMs: from,
      toMs: to,
      groupBy: [],
      quantiles: [0.5, 0.99],
      totalsOnly: true,
    });
    expect(again.series[0]?.total.quantiles).toEqual(merged.series[0]?.total.quantiles);
  });

  it('batches through the writer and flushes on stop', async () => {
    const writer = new MetricsWriter({
      write: storePoints,
      intervalMs: 60_000,
      maxPoints: 1_000_000,
    });
    writer.start();
    for (let i = 0; i < 2_500; i++) writer.record('writer_test', i, { shard: String(i % 3) });
    expect(writer.pending()).toBe(2_500);
    await writer.stop();
    expect(writer.pending()).toBe(0);
    expect((await db.metricChunk.aggregate({ where: { name: 'writer_test' }, _sum: { count: true } }))._sum.count).toBe(
      2_500,
    );
  });

  it('refuses ingested points past its buffer capacity instead of growing without bound', () => {
    const writer = new MetricsWriter({
      write: storePoints,
      intervalMs: 60_000,
      maxPoints: 1_000,
      maxBuffered: 100,
    });
    const batch = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        name: 'cap',
        labels: {},
        value: i,
        ts: Date.now(),
        type: 'gauge' as const,
      }));
    expect(writer.offer(batch(80))).toBe(true);
    expect(writer.offer(batch(30))).toBe(false);
    expect(writer.pending()).toBe(80);
  });

  it('creates the first admin only once, even when asked twice at the same time', async () => {
    const results = await Promise.allSettled([
      createFirstAdmin({ email: 'one@example.com', name: 'One', password: 'password-one-1' }),
      createFirstAdmin({ email: 'two@example.com', name: 'Two', password: 'password-two-2' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await userCount()).toBe(1);
  });

  it('signs in with scrypt hashes, sessions and hashed API tokens', async () => {
    const admin = await db.user.findFirstOrThrow();
    expect(admin.passwordHash).toMatch(/^scrypt\$/);
    const email = admin.email;
    const password = email.startsWith('one') ? 'password-one-1' : 'password-two-2';
    expect(await authenticate(email, 'wrong-password')).toBeUndefined();
    const user = await authenticate(email.toUpperCase(), password);
    expect(user?.id).toBe(admin.id);

    const session = await createSession(admin.id, { sourceIp: '127.0.0.1' });
    const principal = await resolveSession(session.cookie);
    expect(principal).toMatchObject({ kind: 'user', role: 'admin', csrfToken: session.csrfToken });
    expect(await db.session.findFirst({ where: { id: session.cookie } })).toBeNull(); // only the hash is stored

    const { token, id } = await createApiToken({ name: 'ingest', role: 'operator', createdById: admin.id });
    expect(await resolveApiToken(token)).toMatchObject({ kind: 'token', role: 'operator' });
    expect(await db.apiToken.findFirst({ where: { tokenHash: token } })).toBeNull();
    await revokeToken(id);
    expect(await resolveApiToken(token)).toBeUndefined();

    await expect(updateUser(admin.id, { role: 'viewer' })).rejects.toThrow(/admin must remain/);
    await updateUser(admin.id, { password: 'a-new-password-3' });
    expect(await resolveSession(session.cookie)).toBeUndefined(); // a password change ends sessions
  });

  it('stores runtime settings over environment defaults', async () => {
    expect(await settingValue('scaling.maxInstances')).toBe(10);
    await updateSettings({ 'scaling.maxInstances': 4 }, 'test');
    expect(await settingValue('scaling.maxInstances')).toBe(4);
    expect((await listSettings()).find((s) => s.key === 'scaling.maxInstances')).toMatchObject({
      source: 'database',
      default: 10,
      value: 4,
    });
    await expect(updateSettings({ 'scaling.minInstances': 9 }, 'test')).rejects.toThrow(/contradict/);
    await updateSettings({ 'scaling.maxInstances': null }, 'test');
    expect(await settingValue('scaling.maxInstances')).toBe(10);
  });

  it('keeps an audit log, newest first, paged', async () => {
    for (let i = 0; i < 3; i++) {
      await writeAudit({
        action: `test.${i}`,
        method: 'POST',
        path: '/x',
        sourceIp: '10.0.0.1',
        params: { i },
        status: i === 2 ? 403 : 200,
      });
    }
    const page = await listAudit(1, 2, {});
    expect(page.count).toBe(3);
    expect(page.data.map((r) => r.action)).toEqual(['test.2', 'test.1']);
    expect(page.data[0]).toMatchObject({ outcome: 'denied', actorLabel: 'anonymous', params: { i: 2 } });
  });
});
