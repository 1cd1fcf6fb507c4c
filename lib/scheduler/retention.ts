// Retention rules: each feature that keeps time-stamped rows registers how to purge them and which
// runtime setting holds its retention (defaults: metrics 30d, alerts 90d, slow queries 7d).
import type { SettingKey, SettingValues } from '../config/runtime-settings';
import type { Db } from '../db';
import { purgeMetricsBefore } from '../metrics/query';

export interface RetentionRule {
  name: string;
  /** The setting holding the retention in ms; absent for fixed housekeeping. */
  setting?: SettingKey;
  fixedMs?: number;
  purge: (db: Db, cutoff: Date) => Promise<number>;
}

const DAY = 86_400_000;

export const RETENTION_RULES: RetentionRule[] = [
  {
    name: 'metrics',
    setting: 'monitoring.retention.metricsMs',
    purge: async (db, cutoff) => {
      const r = await purgeMetricsBefore(db, cutoff.getTime());
      return r.points + r.rollups + r.series;
    },
  },
  {
    name: 'alerts',
    setting: 'monitoring.retention.alertsMs',
    purge: async (db, cutoff) => {
      const [events, deliveries] = await db.$transaction([
        db.alertEvent.deleteMany({ where: { status: 'resolved', resolvedAt: { lt: cutoff } } }),
        db.alertDelivery.deleteMany({ where: { createdAt: { lt: cutoff }, status: { in: ['sent', 'failed'] } } }),
      ]);
      return events.count + deliveries.count;
    },
  },
  {
    name: 'slowQueries',
    setting: 'monitoring.retention.slowQueriesMs',
    purge: async (db, cutoff) =>
      (await db.slowQuery.deleteMany({ where: { lastSeen: { lt: BigInt(cutoff.getTime()) } } })).count,
  },
  {
    name: 'sessions',
    fixedMs: 0,
    purge: async (db, cutoff) => (await db.session.deleteMany({ where: { expiresAt: { lt: cutoff } } })).count,
  },
  {
    // Profiles keep their own retention and size cap (PROFILES_*), applied here every hour.
    name: 'profiles',
    fixedMs: 0,
    purge: async () => {
      const { applyProfileRetention } = await import('../profiling/store');
      const r = await applyProfileRetention();
      return r.deleted + r.minutes;
    },
  },
  {
    // Spans and log records keep their own retention and cap (TRACES_RETENTION, TRACES_MAX_SPANS), applied here.
    name: 'traces',
    fixedMs: 0,
    purge: async () => {
      const { applyTraceRetention } = await import('../tracing/store');
      const { applyLogRetention } = await import('../tracing/log-store');
      return (await applyTraceRetention()) + (await applyLogRetention());
    },
  },
  {
    name: 'queryRepeats',
    setting: 'monitoring.retention.slowQueriesMs',
    purge: async (db, cutoff) =>
      (await db.queryRepeat.deleteMany({ where: { lastSeen: { lt: BigInt(cutoff.getTime()) } } })).count,
  },
  {
    name: 'cdnHealth',
    fixedMs: 7 * DAY,
    purge: async (db, cutoff) => (await db.cdnHealthCheck.deleteMany({ where: { checkedAt: { lt: cutoff } } })).count,
  },
  {
    name: 'scalingDecisions',
    setting: 'monitoring.retention.alertsMs',
    purge: async (db, cutoff) => (await db.scalingDecision.deleteMany({ where: { at: { lt: cutoff } } })).count,
  },
  {
    name: 'scalingForecasts',
    fixedMs: 30 * DAY,
    purge: async (db, cutoff) => (await db.scalingForecast.deleteMany({ where: { forTime: { lt: cutoff } } })).count,
  },
  {
    name: 'cdnPurges',
    fixedMs: 30 * DAY,
    purge: async (db, cutoff) => (await db.cdnPurge.deleteMany({ where: { at: { lt: cutoff } } })).count,
  },
  {
    name: 'imageJobs',
    fixedMs: 30 * DAY,
    purge: async (db, cutoff) =>
      (await db.imageJob.deleteMany({ where: { createdAt: { lt: cutoff }, status: { in: ['done', 'cancelled'] } } }))
        .count,
  },
  {
    name: 'jobRuns',
    fixedMs: 30 * DAY,
    purge: async (db, cutoff) => (await db.jobRun.deleteMany({ where: { startedAt: { lt: cutoff } } })).count,
  },
];

/** Pure: the cutoff of each rule at `now`. */
export function cutoffs(
  rules: readonly RetentionRule[],
  settings: SettingValues,
  now: number,
): { rule: RetentionRule; cutoff: Date }[] {
  return rules.map((rule) => {
    const keep = rule.setting ? (settings[rule.setting] as number) : (rule.fixedMs ?? 0);
    return { rule, cutoff: new Date(now - keep) };
  });
}

export async function applyRetention(
  db: Db,
  settings: SettingValues,
  now = Date.now(),
): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  for (const { rule, cutoff } of cutoffs(RETENTION_RULES, settings, now))
    deleted[rule.name] = await rule.purge(db, cutoff);
  return deleted;
}
