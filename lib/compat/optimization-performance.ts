// Compatibility API: GET/POST /api/optimization/performance with its `action` parameter, in the
// shape the optimization API contract gives it (docs/api.md): queries, bodies, and configure-alerts'
// keys → managed alert rules.
import { CPU_FIGURES, MEMORY_FIGURES, type ResourceScope } from '../performance/resources';
import { z } from 'zod';
import type { RuleBody } from '../alerts/schemas';
import { CATEGORIES } from '../performance/categories';
import { rangeQueryShape } from '../time-range';
import { monitoringConfigSchema, thresholdsSchema } from './monitoring-config';

const alertEntry = z.strictObject({
  threshold: z.number().positive(),
  channels: z
    .array(z.enum(['email', 'slack', 'webhook']))
    .max(3)
    .default([]),
});
/** configure-alerts: { apiResponseTime: { threshold, channels: ['email', 'slack'] }, … } */
export const configureAlertsSchema = z
  .strictObject({
    apiResponseTime: alertEntry,
    databaseQueryTime: alertEntry,
    memoryUsage: alertEntry,
    cpuUsage: alertEntry,
    cacheHitRate: alertEntry,
  })
  .partial()
  .refine((a) => Object.keys(a).length > 0, 'give at least one alert');
export type ConfigureAlerts = z.infer<typeof configureAlertsSchema>;
export type AlertEntry = z.infer<typeof alertEntry>;

const ALERT_RULES = {
  apiResponseTime: { metric: 'http_server_request_duration_ms', aggregation: 'p95', comparator: '>' },
  databaseQueryTime: { metric: 'db_query_duration_ms', aggregation: 'p95', comparator: '>' },
  // The CPU and memory rules watch the figure their threshold's scope names (resources.ts).
  memoryUsage: { metric: MEMORY_FIGURES.process.metric, aggregation: 'avg', comparator: '>' },
  cpuUsage: { metric: CPU_FIGURES.process.metric, aggregation: 'avg', comparator: '>' },
} as const;
export type ConfigurableAlert = keyof typeof ALERT_RULES;

/** Pure: the managed rule one configure-alerts key stands for (named `configured:<key>`). */
export function configuredRule(
  key: ConfigurableAlert,
  entry: AlertEntry,
  channelIds: string[],
  cooldownMs: number,
  scopes: { cpu: ResourceScope; memory: ResourceScope } = { cpu: 'process', memory: 'process' },
): RuleBody {
  const metric =
    key === 'cpuUsage'
      ? CPU_FIGURES[scopes.cpu].metric
      : key === 'memoryUsage'
        ? MEMORY_FIGURES[scopes.memory].metric
        : ALERT_RULES[key].metric;
  return {
    name: `configured:${key}`,
    kind: 'threshold',
    ...ALERT_RULES[key],
    metric,
    filter: {},
    windowMs: 5 * 60_000,
    threshold: entry.threshold,
    forMs: 5 * 60_000,
    hysteresis: 0,
    severity: 'warning',
    cooldownMs,
    channelIds,
    enabled: true,
  };
}

// The contract calls the range `timeRange`; `range` works too.
const range = { ...rangeQueryShape, timeRange: rangeQueryShape.range.optional() };

export const performanceGetQuery = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('metrics'), metric: z.enum(CATEGORIES).default('api'), ...range }),
  z.strictObject({
    action: z.literal('slow-queries'),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    ...range,
  }),
  z.strictObject({ action: z.literal('recommendations'), ...range }),
  z.strictObject({
    action: z.literal('export'),
    format: z.enum(['csv', 'json']).default('csv'),
    metric: z.enum(CATEGORIES).default('api'),
    ...range,
  }),
  z.strictObject({ action: z.literal('stats'), ...range }),
]);

export const performancePostBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('update-config'), config: monitoringConfigSchema }),
  z.strictObject({ action: z.literal('set-thresholds'), thresholds: thresholdsSchema }),
  z.strictObject({ action: z.literal('configure-alerts'), alerts: configureAlertsSchema }),
]);

/** `timeRange` wins over `range` when both are given. */
export function pickRange<
  Q extends {
    range: z.infer<typeof rangeQueryShape.range>;
    timeRange?: z.infer<typeof rangeQueryShape.range>;
    from?: number;
    to?: number;
  },
>(q: Q) {
  return { range: q.timeRange ?? q.range, from: q.from, to: q.to };
}
