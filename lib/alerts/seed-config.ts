// Seed 000's configure-alerts: { apiResponseTime: { threshold, channels: ['email', 'slack'] }, … }
// becomes one managed rule per key ("seed:<key>"), notifying every channel of the named types.
import { z } from 'zod';
import { ApiError } from '../api/errors';
import { db } from '../db';
import { liveSetting } from '../settings/live';
import { createRule, updateRule } from './service';
import type { RuleBody } from './schemas';

const entry = z.strictObject({
  threshold: z.number().positive(),
  channels: z
    .array(z.enum(['email', 'slack', 'webhook']))
    .max(3)
    .default([]),
});
export const seedAlertsSchema = z
  .strictObject({
    apiResponseTime: entry,
    databaseQueryTime: entry,
    memoryUsage: entry,
    cpuUsage: entry,
    cacheHitRate: entry,
  })
  .partial()
  .refine((a) => Object.keys(a).length > 0, 'give at least one alert');

const RULES = {
  apiResponseTime: { metric: 'http_server_request_duration_ms', aggregation: 'p95', comparator: '>' },
  databaseQueryTime: { metric: 'db_query_duration_ms', aggregation: 'p95', comparator: '>' },
  memoryUsage: { metric: 'host_memory_used_percent', aggregation: 'avg', comparator: '>' },
  cpuUsage: { metric: 'host_cpu_percent', aggregation: 'avg', comparator: '>' },
} as const;

export async function configureSeedAlerts(alerts: z.infer<typeof seedAlertsSchema>) {
  if (alerts.cacheHitRate) {
    throw new ApiError(
      'unprocessable',
      'cacheHitRate alerts compare a ratio of two series; set the cache hit rate floor with set-thresholds instead',
      { key: 'cacheHitRate' },
    );
  }
  const out = [];
  for (const [key, conf] of Object.entries(alerts) as [keyof typeof RULES, z.infer<typeof entry>][]) {
    const channels = await db().alertChannel.findMany({ where: { type: { in: conf.channels } }, select: { id: true } });
    const body: RuleBody = {
      name: `seed:${key}`,
      kind: 'threshold',
      ...RULES[key],
      filter: {},
      windowMs: 5 * 60_000,
      threshold: conf.threshold,
      forMs: 5 * 60_000,
      hysteresis: 0,
      severity: 'warning',
      cooldownMs: liveSetting('monitoring.alerts.cooldownMs'),
      channelIds: channels.map((c) => c.id),
      enabled: true,
    };
    const existing = await db().alertRule.findUnique({ where: { name: body.name } });
    out.push(existing ? await updateRule(existing.id, body) : await createRule(body));
  }
  return out;
}
