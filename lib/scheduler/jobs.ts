// The platform's scheduled jobs. Features add theirs to JOBS.
import { db } from '../db';
import { purgeMetricsBefore } from '../metrics/query';
import { effectiveSettings } from '../settings/service';
import type { JobDefinition } from './scheduler';

const DAY = 86_400_000;

/** Tables a later feature adds register their retention here (alerts: 90d, slow queries: 7d). */
export const retentionJob: JobDefinition = {
  name: 'retention',
  description: 'Deletes metrics older than the metrics retention, expired sessions and job runs older than 30 days',
  cron: '0 17 * * * *', // hourly, off the hour's peak
  leaderOnly: true,
  timeoutMs: 10 * 60_000,
  run: async () => {
    const s = await effectiveSettings();
    const now = Date.now();
    const metricsPurged = await purgeMetricsBefore(db(), now - s['monitoring.retention.metricsMs']);
    const sessions = await db().session.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
    const runs = await db().jobRun.deleteMany({ where: { startedAt: { lt: new Date(now - 30 * DAY) } } });
    return { ...metricsPurged, sessions: sessions.count, jobRuns: runs.count, metricsRetentionMs: s['monitoring.retention.metricsMs'] };
  },
};

export const JOBS: JobDefinition[] = [retentionJob];
