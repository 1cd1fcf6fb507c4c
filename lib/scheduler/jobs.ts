// The platform's scheduled jobs. Features add theirs to JOBS.
import { db } from '../db';
import { effectiveSettings } from '../settings/service';
import { applyRetention } from './retention';
import type { JobDefinition } from './scheduler';

export const retentionJob: JobDefinition = {
  name: 'retention',
  description: 'Deletes data past its retention: metrics (runtime setting), expired sessions, job runs after 30 days',
  cron: '0 17 * * * *', // hourly, off the hour's peak
  leaderOnly: true,
  timeoutMs: 10 * 60_000,
  run: async () => ({ deleted: await applyRetention(db(), await effectiveSettings()) }),
};

export const JOBS: JobDefinition[] = [retentionJob];
