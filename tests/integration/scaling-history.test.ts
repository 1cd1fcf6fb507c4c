// Forecasts and backtests from metrics stored the way the fleet records them, on both databases:
// three days of hourly request rates with a daily shape; two hours of minutes with a heavy hour.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db';
import { storePoints } from '@/lib/metrics';
import { currentTestDatabase, PROVIDERS } from '../helpers/databases';

const HOUR = 3_600_000;
const NOW = Math.floor(Date.now() / HOUR) * HOUR + 10 * 60_000; // ten minutes into the current hour

describe.each(PROVIDERS)('scaling history on %s', (provider) => {
  let drop: () => Promise<void>;
  let db: Db;
  beforeAll(async () => {
    ({ drop } = await currentTestDatabase(provider));
    db = (await import('@/lib/db')).db();
    // Hourly request rates for 3 days, one gauge point per 10 minutes.
    const points = [];
    for (let t = NOW - 72 * HOUR - 10 * 60_000; t < NOW - 10 * 60_000; t += 10 * 60_000) {
      const h = new Date(t).getUTCHours();
      points.push({
        name: 'lb_requests_per_second',
        labels: {},
        value: 100 + 80 * Math.sin(((h - 9) / 24) * 2 * Math.PI),
        ts: t,
        type: 'gauge' as const,
      });
    }
    // The last two hours, minute by minute: two instances, heavy (98% CPU each) for an hour.
    for (let i = 0; i < 120; i++) {
      const t = NOW - 120 * 60_000 + i * 60_000;
      const heavy = i >= 30 && i < 90;
      points.push({ name: 'fleet_instances', labels: { state: 'running' }, value: 2, ts: t, type: 'gauge' as const });
      points.push({
        name: 'fleet_instance_cpu_pct',
        labels: { instance: 'i-a' },
        value: heavy ? 98 : 20,
        ts: t,
        type: 'gauge' as const,
      });
      points.push({
        name: 'fleet_instance_cpu_pct',
        labels: { instance: 'i-b' },
        value: heavy ? 98 : 20,
        ts: t,
        type: 'gauge' as const,
      });
    }
    await storePoints(points);
  });
  afterAll(() => drop());

  it('forecasts the next day from the stored hours, keeps it, and measures it against what happened', async () => {
    const { forecastView, recordForecast, measuredAccuracy } = await import('@/lib/scaling/history');
    const { scalingConfigSchema, policySchema } = await import('@/lib/scaling/policy');
    const config = scalingConfigSchema.parse({
      minInstances: 1,
      maxInstances: 10,
      policies: [policySchema.parse({ id: 'rps', name: 'rps', metric: 'requestRate', kind: 'target', target: 50 })],
    });
    const v = await forecastView(db, config, NOW);
    expect(v.status).toBe('ok');
    if (v.status !== 'ok') return;
    expect(v.historySteps).toBe(72);
    expect(v.holdout?.wape).toBeLessThan(10); // the third day, forecast from the first two
    expect(v.points).toHaveLength(24);
    expect(v.points[0]?.t).toBe(Math.floor(NOW / HOUR) * HOUR);
    expect(v.perInstanceSource).toContain('request-rate target');
    // The peak hour needs about 180/50 → 4 instances; nights fewer.
    expect(Math.max(...v.schedule.map((s) => s.instances))).toBeGreaterThanOrEqual(4);
    expect(Math.min(...v.schedule.map((s) => s.instances))).toBeLessThanOrEqual(2);
    // Kept for the coming hours; once an hour has passed with traffic, it is measured.
    expect(await recordForecast(db, config, NOW)).toEqual({ stored: 24, status: 'ok' });
    const h0 = Math.floor(NOW / HOUR) * HOUR;
    await storePoints(
      [0, 20, 40].map((m) => ({
        name: 'lb_requests_per_second',
        labels: {},
        value: 100 + 80 * Math.sin(((new Date(h0).getUTCHours() - 9) / 24) * 2 * Math.PI),
        ts: h0 + m * 60_000,
        type: 'gauge' as const,
      })),
    );
    const acc = await measuredAccuracy(db, h0 + HOUR + 60_000);
    expect(acc.points).toBe(1);
    expect(acc.wape).toBeLessThan(10);
  });

  it('says how much history is missing rather than forecasting from too little', async () => {
    const { forecastView } = await import('@/lib/scaling/history');
    const { scalingConfigSchema } = await import('@/lib/scaling/policy');
    const v = await forecastView(db, scalingConfigSchema.parse({}), NOW - 48 * HOUR);
    expect(v).toMatchObject({ status: 'insufficient', needSteps: 48 });
  });

  it('forecasts a compressed season (the demo’s day in two minutes) from minutes of 2-second readings', async () => {
    const { forecastView } = await import('@/lib/scaling/history');
    const { scalingConfigSchema } = await import('@/lib/scaling/policy');
    const at = NOW + 5 * HOUR; // a stretch of its own, after the hourly data
    const points = [];
    for (let t = at - 8 * 60_000; t < at; t += 2_000)
      points.push({
        name: 'lb_requests_per_second',
        labels: {},
        value: 90 + 70 * Math.sin(((t % 120_000) / 120_000) * 2 * Math.PI),
        ts: t,
        type: 'gauge' as const,
      });
    await storePoints(points);
    const v = await forecastView(db, scalingConfigSchema.parse({}), at, '2m');
    expect(v).toMatchObject({ status: 'ok', season: '2m', stepMs: 5_000 });
    if (v.status !== 'ok') return;
    expect(v.points).toHaveLength(24);
    expect(v.holdout?.wape).toBeLessThan(15);
    expect(v.schedule).toEqual([]); // clock-hour schedules only come from a daily season
  });

  it('a stored configuration no longer valid falls back to the defaults instead of failing', async () => {
    const { loadScalingConfig, saveScalingConfig } = await import('@/lib/scaling/store');
    await db.fleetConfig.upsert({
      where: { key: 'scaling' },
      create: { key: 'scaling', value: JSON.stringify({ policies: [{ id: 'old', metric: 'qps' }] }) },
      update: { value: JSON.stringify({ policies: [{ id: 'old', metric: 'qps' }] }) },
    });
    const c = await loadScalingConfig(db);
    expect(c.policies.map((p) => p.id)).toEqual(['cpu-target']);
    const saved = await saveScalingConfig(db, { maxStepUp: 2 }, 'test');
    expect(saved.maxStepUp).toBe(2);
    await db.fleetConfig.delete({ where: { key: 'scaling' } });
  });

  it('backtests a policy over the recorded minutes', async () => {
    const { runBacktest } = await import('@/lib/scaling/history');
    const { scalingConfigSchema, defaultPolicies } = await import('@/lib/scaling/policy');
    const config = scalingConfigSchema.parse({
      minInstances: 2,
      maxInstances: 8,
      scaleUpCooldownMs: 0,
      policies: defaultPolicies(70),
      pricePerInstanceHour: 1,
    });
    const r = await runBacktest(db, config, NOW - 120 * 60_000, NOW, 90);
    expect(r.minutes).toBeGreaterThanOrEqual(119);
    expect(r.recorded.violationMinutes).toBe(60);
    expect(r.simulated.violationMinutes).toBeLessThanOrEqual(2);
    expect(r.simulated.instanceHours).toBeGreaterThan(r.recorded.instanceHours);
    expect(r.simulated.cost).toBeCloseTo(r.simulated.instanceHours);
  });
});
