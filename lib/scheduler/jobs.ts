// The platform's scheduled jobs. Features add theirs to JOBS.
import { deliverDue } from '../alerts/delivery';
import { checkDue as checkCdnHealth } from '../cdn/health';
import { evaluateRules } from '../alerts/engine';
import { publicUrl } from '../config';
import { db } from '../db';
import { sendDueReports } from '../reports/schedule';
import { scrapeDue } from '../scrape/service';
import { liveSetting } from '../settings/live';
import { effectiveSettings } from '../settings/service';
import { recordForecast } from '../scaling/history';
import { loadScalingConfig } from '../scaling/store';
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

export const alertEvaluationJob: JobDefinition = {
  name: 'alerts.evaluate',
  description: 'Evaluates every enabled alert rule and queues notifications',
  cron: '*/15 * * * * *',
  leaderOnly: true,
  timeoutMs: 60_000,
  quiet: true,
  run: async () => ({
    ...(await evaluateRules(db(), { baseUrl: publicUrl(), enabled: liveSetting('monitoring.alerts.enabled') })),
  }),
};

export const alertDeliveryJob: JobDefinition = {
  name: 'alerts.deliver',
  description: 'Sends queued alert notifications and retries failed ones with back-off',
  cron: '*/5 * * * * *',
  leaderOnly: true,
  timeoutMs: 60_000,
  quiet: true,
  run: async () => ({ ...(await deliverDue(db())) }),
};

export const scrapeJob: JobDefinition = {
  name: 'scrape',
  description: 'Scrapes the Prometheus-format targets whose interval has passed',
  cron: '*/5 * * * * *',
  leaderOnly: true,
  timeoutMs: 60_000,
  quiet: true,
  run: async () => ({ ...(await scrapeDue()) }),
};

export const cdnHealthJob: JobDefinition = {
  name: 'cdn.health',
  description: 'Probes the CDN health targets whose interval has passed (CDN_HEALTH_TARGETS, failover order)',
  cron: '*/5 * * * * *',
  leaderOnly: true,
  timeoutMs: 60_000,
  quiet: true,
  run: async () => ({ ...(await checkCdnHealth()) }),
};

export const reportsJob: JobDefinition = {
  name: 'reports',
  description: 'Sends the scheduled performance reports that are due (daily or weekly, 07:00 server time)',
  cron: '0 */5 * * * *',
  leaderOnly: true,
  timeoutMs: 5 * 60_000,
  quiet: true,
  run: async () => ({ ...(await sendDueReports(publicUrl())) }),
};

export const forecastJob: JobDefinition = {
  name: 'scaling.forecast',
  description: "Forecasts the next day's request rate (Holt-Winters) and keeps it, to measure forecast accuracy",
  cron: '0 5 * * * *', // hourly, once the last hour's points are stored
  leaderOnly: true,
  timeoutMs: 5 * 60_000,
  run: async () => ({ ...(await recordForecast(db(), await loadScalingConfig(db()))) }),
};

export const JOBS: JobDefinition[] = [
  retentionJob,
  alertEvaluationJob,
  alertDeliveryJob,
  scrapeJob,
  cdnHealthJob,
  reportsJob,
  forecastJob,
];
