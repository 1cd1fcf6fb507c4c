// Pure: the monitoring `config` shape of the optimization and performance API contracts
// (POST /api/optimization/performance update-config|set-thresholds, PUT /api/performance/settings)
// → runtime settings.
import { z } from 'zod';
import type { SettingsPatch } from '../config/runtime-settings';
import { parseDuration } from '../config/parse';

const pct = z.number().min(0).max(100);
const ms = z.number().int().min(1).max(600_000);
export const thresholdsSchema = z
  .strictObject({ apiResponseTime: ms, databaseQueryTime: ms, cacheHitRate: pct, memoryUsage: pct, cpuUsage: pct })
  .partial()
  .refine((t) => Object.keys(t).length > 0, 'give at least one threshold');
const duration = z.string().refine((v) => parseDuration(v) !== undefined, 'expected a duration such as 7d or 12h');

export const monitoringConfigSchema = z
  .strictObject({
    enabled: z.boolean(),
    metrics: z
      .strictObject({
        api: z.boolean(),
        database: z.boolean(),
        cache: z.boolean(),
        memory: z.boolean(),
        cpu: z.boolean(),
      })
      .partial(),
    thresholds: thresholdsSchema,
    alerts: z.strictObject({ enabled: z.boolean(), cooldown: z.number().int().min(0).max(86_400_000) }).partial(),
    retention: z.strictObject({ metrics: duration, alerts: duration, slowQueries: duration }).partial(),
  })
  .partial();

export type Thresholds = z.infer<typeof thresholdsSchema>;
export type MonitoringConfig = z.infer<typeof monitoringConfigSchema>;

export function thresholdsPatch(t: Thresholds): SettingsPatch {
  const p: SettingsPatch = {};
  if (t.apiResponseTime !== undefined) p['monitoring.threshold.apiResponseTimeMs'] = t.apiResponseTime;
  if (t.databaseQueryTime !== undefined) p['monitoring.threshold.databaseQueryTimeMs'] = t.databaseQueryTime;
  if (t.cacheHitRate !== undefined) p['monitoring.threshold.cacheHitRatePct'] = t.cacheHitRate;
  if (t.memoryUsage !== undefined) p['monitoring.threshold.memoryUsagePct'] = t.memoryUsage;
  if (t.cpuUsage !== undefined) p['monitoring.threshold.cpuUsagePct'] = t.cpuUsage;
  return p;
}

export function configPatch(c: MonitoringConfig): SettingsPatch {
  const p: SettingsPatch = { ...(c.thresholds ? thresholdsPatch(c.thresholds) : {}) };
  if (c.enabled !== undefined) p['monitoring.enabled'] = c.enabled;
  for (const k of ['api', 'database', 'cache', 'memory', 'cpu'] as const) {
    const v = c.metrics?.[k];
    if (v !== undefined) p[`monitoring.collect.${k}`] = v;
  }
  if (c.alerts?.enabled !== undefined) p['monitoring.alerts.enabled'] = c.alerts.enabled;
  if (c.alerts?.cooldown !== undefined) p['monitoring.alerts.cooldownMs'] = c.alerts.cooldown;
  if (c.retention?.metrics) p['monitoring.retention.metricsMs'] = parseDuration(c.retention.metrics);
  if (c.retention?.alerts) p['monitoring.retention.alertsMs'] = parseDuration(c.retention.alerts);
  if (c.retention?.slowQueries) p['monitoring.retention.slowQueriesMs'] = parseDuration(c.retention.slowQueries);
  return p;
}
