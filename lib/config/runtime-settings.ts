// Pure: the settings an admin can change at run time. The environment gives each its default;
// a value stored in the database (Setting table) overrides it.
import { z } from 'zod';
import { ALGORITHMS } from '../lb/algorithm-names';
import { parseRanges } from '../net/address-policy';
import type { Env } from './env-schema';

interface Def<S extends z.ZodType> {
  section: 'monitoring' | 'scaling' | 'images' | 'cdn' | 'load-balancer' | 'outbound';
  label: string;
  schema: S;
  fromEnv: (env: Env) => z.infer<S>;
}
const def = <S extends z.ZodType>(d: Def<S>) => d;
const cidrSetting = z
  .string()
  .max(2_000)
  .superRefine((v, ctx) => {
    try {
      parseRanges(v);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
    }
  });
const pct = z.number().min(0).max(100);
const ms = z.number().int().min(0).max(86_400_000);
const DAY = 86_400_000;
/** A provider's zone/service/distribution id: letters, digits, '-' and '_' ('' = not set). */
const providerId = z
  .string()
  .max(64)
  .regex(/^[A-Za-z0-9_-]*$/, "letters, digits, '-' and '_' only");

export const RUNTIME_SETTINGS = {
  'monitoring.enabled': def({
    section: 'monitoring',
    label: 'Monitoring enabled',
    schema: z.boolean(),
    fromEnv: (e) => e.PERFORMANCE_MONITORING_ENABLED,
  }),
  'monitoring.collect.api': def({
    section: 'monitoring',
    label: 'Collect API request metrics',
    schema: z.boolean(),
    fromEnv: (e) => e.PERFORMANCE_MONITORING_METRICS_API,
  }),
  'monitoring.collect.database': def({
    section: 'monitoring',
    label: 'Collect database query metrics',
    schema: z.boolean(),
    fromEnv: (e) => e.PERFORMANCE_MONITORING_METRICS_DATABASE,
  }),
  'monitoring.collect.cache': def({
    section: 'monitoring',
    label: 'Collect cache metrics',
    schema: z.boolean(),
    fromEnv: (e) => e.PERFORMANCE_MONITORING_METRICS_CACHE,
  }),
  'monitoring.collect.memory': def({
    section: 'monitoring',
    label: 'Collect memory metrics',
    schema: z.boolean(),
    fromEnv: (e) => e.PERFORMANCE_MONITORING_METRICS_MEMORY,
  }),
  'monitoring.collect.cpu': def({
    section: 'monitoring',
    label: 'Collect CPU metrics',
    schema: z.boolean(),
    fromEnv: (e) => e.PERFORMANCE_MONITORING_METRICS_CPU,
  }),
  'monitoring.profiling.continuous': def({
    section: 'monitoring',
    label: "Continuous CPU profile of Redline's main thread",
    schema: z.boolean(),
    fromEnv: (e) => e.PROFILING_CONTINUOUS_ENABLED,
  }),
  'monitoring.tracing.selfSampleRate': def({
    section: 'monitoring',
    label: "Share of Redline's own API requests traced (0–1)",
    schema: z.number().min(0).max(1),
    fromEnv: (e) => e.TRACES_SELF_SAMPLE_RATE,
  }),
  'monitoring.tracing.maxTracesPerSecond': def({
    section: 'monitoring',
    label: 'Traces stored per second at most (0: no limit)',
    schema: z.number().int().min(0).max(1_000_000),
    fromEnv: (e) => e.TRACES_MAX_PER_SECOND,
  }),
  'monitoring.tracing.tailSlowMs': def({
    section: 'monitoring',
    label: 'Over the limit, still keep traces with a span this slow (ms; 0: off)',
    schema: z.number().int().min(0).max(3_600_000),
    fromEnv: (e) => e.TRACES_TAIL_SLOW_MS,
  }),
  'monitoring.tracing.tailKeepErrors': def({
    section: 'monitoring',
    label: 'Over the limit, still keep traces with an error',
    schema: z.boolean(),
    fromEnv: (e) => e.TRACES_TAIL_KEEP_ERRORS,
  }),
  'monitoring.threshold.apiResponseTimeMs': def({
    section: 'monitoring',
    label: 'API response time budget',
    schema: z.number().int().min(1).max(600_000),
    fromEnv: (e) => e.PERFORMANCE_MONITORING_THRESHOLD_API_RESPONSE_TIME,
  }),
  'monitoring.threshold.databaseQueryTimeMs': def({
    section: 'monitoring',
    label: 'Database query time budget',
    schema: z.number().int().min(1).max(600_000),
    fromEnv: (e) => e.PERFORMANCE_MONITORING_THRESHOLD_DATABASE_QUERY_TIME,
  }),
  'monitoring.threshold.cacheHitRatePct': def({
    section: 'monitoring',
    label: 'Cache hit rate floor (%)',
    schema: pct,
    fromEnv: (e) => e.PERFORMANCE_MONITORING_THRESHOLD_CACHE_HIT_RATE,
  }),
  'monitoring.threshold.memoryUsagePct': def({
    section: 'monitoring',
    label: 'Memory usage ceiling (%)',
    schema: pct,
    fromEnv: (e) => e.PERFORMANCE_MONITORING_THRESHOLD_MEMORY_USAGE,
  }),
  'monitoring.threshold.cpuUsagePct': def({
    section: 'monitoring',
    label: 'CPU usage ceiling (%)',
    schema: pct,
    fromEnv: (e) => e.PERFORMANCE_MONITORING_THRESHOLD_CPU_USAGE,
  }),
  'monitoring.threshold.cpuScope': def({
    section: 'monitoring',
    label: 'The CPU ceiling watches: process (Redline itself) or host (the whole machine)',
    schema: z.enum(['process', 'host']),
    fromEnv: (e) => e.PERFORMANCE_MONITORING_CPU_SCOPE,
  }),
  'monitoring.threshold.memoryScope': def({
    section: 'monitoring',
    label: 'The memory ceiling watches: process (Redline itself) or host (the whole machine)',
    schema: z.enum(['process', 'host']),
    fromEnv: (e) => e.PERFORMANCE_MONITORING_MEMORY_SCOPE,
  }),
  'monitoring.slowQueryThresholdMs': def({
    section: 'monitoring',
    label: 'Slow query threshold',
    schema: z.number().int().min(1).max(600_000),
    fromEnv: (e) => e.SLOW_QUERY_THRESHOLD,
  }),
  'monitoring.alerts.enabled': def({
    section: 'monitoring',
    label: 'Alerts enabled',
    schema: z.boolean(),
    fromEnv: (e) => e.PERFORMANCE_MONITORING_ALERTS_ENABLED,
  }),
  'monitoring.alerts.cooldownMs': def({
    section: 'monitoring',
    label: 'Alert cooldown',
    schema: ms,
    fromEnv: (e) => e.PERFORMANCE_MONITORING_ALERTS_COOLDOWN,
  }),
  'monitoring.retention.metricsMs': def({
    section: 'monitoring',
    label: 'Metrics retention',
    schema: z
      .number()
      .int()
      .min(3_600_000)
      .max(3_650 * DAY),
    fromEnv: (e) => e.PERFORMANCE_MONITORING_RETENTION_METRICS,
  }),
  'monitoring.retention.alertsMs': def({
    section: 'monitoring',
    label: 'Alerts retention',
    schema: z
      .number()
      .int()
      .min(3_600_000)
      .max(3_650 * DAY),
    fromEnv: (e) => e.PERFORMANCE_MONITORING_RETENTION_ALERTS,
  }),
  'monitoring.retention.slowQueriesMs': def({
    section: 'monitoring',
    label: 'Slow queries retention',
    schema: z
      .number()
      .int()
      .min(3_600_000)
      .max(3_650 * DAY),
    fromEnv: (e) => e.PERFORMANCE_MONITORING_RETENTION_SLOW_QUERIES,
  }),
  'scaling.enabled': def({
    section: 'scaling',
    label: 'Auto-scaling enabled',
    schema: z.boolean(),
    fromEnv: (e) => e.AUTO_SCALING_ENABLED,
  }),
  'scaling.minInstances': def({
    section: 'scaling',
    label: 'Minimum instances',
    schema: z.number().int().min(0).max(1_000),
    fromEnv: (e) => e.MIN_INSTANCES,
  }),
  'scaling.maxInstances': def({
    section: 'scaling',
    label: 'Maximum instances',
    schema: z.number().int().min(1).max(1_000),
    fromEnv: (e) => e.MAX_INSTANCES,
  }),
  'scaling.cooldownMs': def({
    section: 'scaling',
    label: 'Scaling cooldown',
    schema: ms,
    fromEnv: (e) => e.SCALING_COOLDOWN,
  }),
  'scaling.highCpuPct': def({
    section: 'scaling',
    label: 'High CPU threshold (%)',
    schema: pct,
    fromEnv: (e) => e.HIGH_CPU_THRESHOLD,
  }),
  'scaling.highMemoryPct': def({
    section: 'scaling',
    label: 'High memory threshold (%)',
    schema: pct,
    fromEnv: (e) => e.HIGH_MEMORY_THRESHOLD,
  }),
  'images.enabled': def({
    section: 'images',
    label: 'Image optimization enabled',
    schema: z.boolean(),
    fromEnv: (e) => e.IMAGE_OPTIMIZATION_ENABLED,
  }),
  'images.formats': def({
    section: 'images',
    label: 'Output formats (format=auto picks among them)',
    schema: z.array(z.enum(['webp', 'avif', 'jpeg', 'png'])).min(1, 'at least one format'),
    fromEnv: (e) => [...e.IMAGE_OPTIMIZATION_FORMATS],
  }),
  'images.quality.webp': def({
    section: 'images',
    label: 'WebP quality',
    schema: z.number().int().min(1).max(100),
    fromEnv: (e) => e.IMAGE_OPTIMIZATION_QUALITY_WEBP,
  }),
  'images.quality.avif': def({
    section: 'images',
    label: 'AVIF quality',
    schema: z.number().int().min(1).max(100),
    fromEnv: (e) => e.IMAGE_OPTIMIZATION_QUALITY_AVIF,
  }),
  'images.quality.jpeg': def({
    section: 'images',
    label: 'JPEG quality',
    schema: z.number().int().min(1).max(100),
    fromEnv: (e) => e.IMAGE_OPTIMIZATION_QUALITY_JPEG,
  }),
  'images.quality.png': def({
    section: 'images',
    label: 'PNG quality',
    schema: z.number().int().min(1).max(100),
    fromEnv: (e) => e.IMAGE_OPTIMIZATION_QUALITY_PNG,
  }),
  'images.maxWidth': def({
    section: 'images',
    label: 'Max width (px)',
    schema: z.number().int().min(1).max(16_384),
    fromEnv: (e) => e.IMAGE_OPTIMIZATION_MAX_WIDTH,
  }),
  'images.maxHeight': def({
    section: 'images',
    label: 'Max height (px)',
    schema: z.number().int().min(1).max(16_384),
    fromEnv: (e) => e.IMAGE_OPTIMIZATION_MAX_HEIGHT,
  }),
  'cdn.enabled': def({ section: 'cdn', label: 'CDN enabled', schema: z.boolean(), fromEnv: (e) => e.CDN_ENABLED }),
  // The edge provider purges go to. Credentials stay in the environment (CLOUDFLARE_API_TOKEN,
  // FASTLY_API_TOKEN, the AWS SDK's chain): never stored in the database or shown in the UI.
  'cdn.provider': def({
    section: 'cdn',
    label: 'CDN provider for edge purges',
    schema: z.enum(['none', 'cloudflare', 'cloudfront', 'fastly']),
    fromEnv: (e) => e.CDN_PROVIDER,
  }),
  'cdn.cloudflare.zoneId': def({
    section: 'cdn',
    label: 'Cloudflare zone id',
    schema: providerId,
    fromEnv: (e) => e.CLOUDFLARE_ZONE_ID ?? '',
  }),
  'cdn.cloudflare.plan': def({
    section: 'cdn',
    label: 'Cloudflare plan (sets the purge rate limit)',
    schema: z.enum(['free', 'pro', 'business', 'enterprise']),
    fromEnv: (e) => e.CLOUDFLARE_PLAN,
  }),
  'cdn.fastly.serviceId': def({
    section: 'cdn',
    label: 'Fastly service id',
    schema: providerId,
    fromEnv: (e) => e.FASTLY_SERVICE_ID ?? '',
  }),
  'cdn.cloudfront.distributionId': def({
    section: 'cdn',
    label: 'CloudFront distribution id',
    schema: providerId,
    fromEnv: (e) => e.CLOUDFRONT_DISTRIBUTION_ID ?? '',
  }),
  'cdn.cloudfront.region': def({
    section: 'cdn',
    label: 'CloudFront API region',
    schema: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-east-1'),
    fromEnv: (e) => e.CLOUDFRONT_REGION,
  }),
  'cdn.healthCheckIntervalMs': def({
    section: 'cdn',
    label: 'CDN health check interval',
    schema: z.number().int().min(1_000).max(DAY),
    fromEnv: (e) => e.CDN_HEALTH_CHECK_INTERVAL,
  }),
  'loadBalancer.algorithm': def({
    section: 'load-balancer',
    label: 'Load-balancing algorithm',
    schema: z.enum(ALGORITHMS),
    fromEnv: (e) => e.LOAD_BALANCER_ALGORITHM,
  }),
  'loadBalancer.healthCheckIntervalMs': def({
    section: 'load-balancer',
    label: 'Health check interval',
    schema: z.number().int().min(100).max(DAY),
    fromEnv: (e) => e.LOAD_BALANCER_HEALTH_CHECK_INTERVAL,
  }),
  'loadBalancer.healthCheckTimeoutMs': def({
    section: 'load-balancer',
    label: 'Health check timeout',
    schema: z.number().int().min(10).max(600_000),
    fromEnv: (e) => e.LOAD_BALANCER_HEALTH_CHECK_TIMEOUT,
  }),
  // Outbound destinations never reach loopback, private, link-local or reserved addresses; an
  // operator opens a range per kind of destination here (a change is audited like every setting).
  'outbound.allowRanges.images': def({
    section: 'outbound',
    label: 'Remote images may reach these private ranges (CIDR, comma-separated)',
    schema: cidrSetting,
    fromEnv: (e) => e.IMAGE_REMOTE_ALLOW_RANGES,
  }),
  'outbound.allowRanges.scrape': def({
    section: 'outbound',
    label: 'Scrape targets may reach these private ranges',
    schema: cidrSetting,
    fromEnv: (e) => e.OUTBOUND_ALLOW_RANGES_SCRAPE,
  }),
  'outbound.allowRanges.webhook': def({
    section: 'outbound',
    label: 'Webhook and Slack channels may reach these private ranges',
    schema: cidrSetting,
    fromEnv: (e) => e.OUTBOUND_ALLOW_RANGES_WEBHOOK,
  }),
  'outbound.allowRanges.smtp': def({
    section: 'outbound',
    label: 'Email (SMTP) channels may reach these private ranges',
    schema: cidrSetting,
    fromEnv: (e) => e.OUTBOUND_ALLOW_RANGES_SMTP,
  }),
  'outbound.allowRanges.cdnHealth': def({
    section: 'outbound',
    label: 'CDN health probes may reach these private ranges',
    schema: cidrSetting,
    fromEnv: (e) => e.OUTBOUND_ALLOW_RANGES_CDN_HEALTH,
  }),
} as const;

export type SettingKey = keyof typeof RUNTIME_SETTINGS;
export type SettingValues = { [K in SettingKey]: z.infer<(typeof RUNTIME_SETTINGS)[K]['schema']> };
export const SETTING_KEYS = Object.keys(RUNTIME_SETTINGS) as SettingKey[];

/** The choices of an enum setting (or of an array of enums), for editors. */
export function settingOptions(key: SettingKey): readonly string[] | undefined {
  let schema: z.ZodType = RUNTIME_SETTINGS[key].schema;
  if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
  return schema instanceof z.ZodEnum ? (schema.options as string[]) : undefined;
}

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(RUNTIME_SETTINGS, key);
}

export function envDefaults(env: Env): SettingValues {
  const out: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) out[key] = RUNTIME_SETTINGS[key].fromEnv(env);
  return out as SettingValues;
}

export type SettingsPatch = { [K in SettingKey]?: SettingValues[K] | null };

/**
 * Body of PUT /api/settings: a partial map, every key known, every value valid for its key;
 * `null` returns a key to its environment default.
 */
export const settingsPatchSchema = z
  .record(z.string(), z.unknown())
  .superRefine((patch, ctx) => {
    for (const [key, value] of Object.entries(patch)) {
      if (!isSettingKey(key)) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'unknown setting' });
        continue;
      }
      if (value === null) continue;
      const r = RUNTIME_SETTINGS[key].schema.safeParse(value);
      if (!r.success)
        ctx.addIssue({ code: 'custom', path: [key], message: r.error.issues[0]?.message ?? 'invalid value' });
    }
  })
  .transform((patch) => patch as SettingsPatch);

/** Pure: cross-field rules the per-key schemas cannot see; returns messages keyed by setting. */
export function crossCheck(values: SettingValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (values['scaling.minInstances'] > values['scaling.maxInstances']) {
    errors['scaling.minInstances'] = 'must not exceed scaling.maxInstances';
  }
  const need = {
    cloudflare: 'cdn.cloudflare.zoneId',
    fastly: 'cdn.fastly.serviceId',
    cloudfront: 'cdn.cloudfront.distributionId',
  } as const;
  const provider = values['cdn.provider'];
  if (provider !== 'none' && !values[need[provider]])
    errors[need[provider]] = `is needed when cdn.provider is ${provider}`;
  return errors;
}
