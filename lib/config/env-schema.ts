// Pure: the environment Redline reads (the documented optimization and performance variables plus the platform's own), as one zod schema.
import { z } from 'zod';
import { ALGORITHMS } from '../lb/algorithm-names';
import { parseRanges } from '../net/address-policy';
import { bool, duration, int, list, oneOf, parseHealthTargets, url } from './parse';

/** Comma-separated CIDR ranges, e.g. 10.1.0.0/16,127.0.0.1/32 ('' = none). */
export const cidrList = z
  .string()
  .default('')
  .superRefine((v, ctx) => {
    try {
      parseRanges(v);
    } catch (e) {
      ctx.addIssue({
        code: 'custom',
        message: `${(e as Error).message}; expected CIDR ranges like 10.1.0.0/16, comma-separated`,
      });
    }
  });

const cacheStrategy = ['cache-first', 'network-first', 'stale-while-revalidate', 'network-only', 'cache-only'] as const;

export const envSchema = z.object({
  // Platform
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(3000, 1, 65535),
  DATABASE_URL: z.string().optional(),
  REDIS_URL: url(['redis:', 'rediss:']),
  REDIS_HOST: z.string().optional(),
  REDIS_PORT: int(6379, 1, 65535),
  REDIS_PASSWORD: z.string().optional(),
  REDIS_ENABLED: bool(false),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w:.-]*$/, 'expected letters, digits, _ : . -')
    .default('redline:'),
  ADMIN_EMAIL: z.email({ error: 'expected an email address' }).optional(),
  ADMIN_PASSWORD: z.string().min(10, 'expected at least 10 characters').optional(),
  SESSION_TTL: duration('7d'),
  ALLOWED_ORIGINS: z.string().default(''),
  PUBLIC_URL: url(['http:', 'https:']),
  TRUST_PROXY: bool(false),
  MAX_BODY_BYTES: int(1_048_576, 1_024, 104_857_600),
  LOGIN_RATE_LIMIT: int(10, 1, 1_000),
  LOGIN_RATE_WINDOW: duration('15m'),
  METRICS_FLUSH_INTERVAL_MS: int(1_000, 50, 60_000),
  METRICS_FLUSH_MAX_POINTS: int(5_000, 1, 1_000_000),
  SCHEDULER_ENABLED: bool(true),
  METRICS_ENDPOINT_PUBLIC: bool(false),
  INGEST_MAX_BODY_BYTES: int(5_242_880, 1_024, 104_857_600),
  INGEST_MAX_ITEMS: int(10_000, 1, 1_000_000),
  METRICS_MAX_SERIES_PER_METRIC: int(1_000, 1, 1_000_000),
  // Image optimization
  IMAGE_OPTIMIZATION_ENABLED: bool(true),
  IMAGE_OPTIMIZATION_FORMATS: list('webp,avif,jpeg,png', ['webp', 'avif', 'jpeg', 'png'] as const),
  IMAGE_OPTIMIZATION_QUALITY_WEBP: int(80, 1, 100),
  IMAGE_OPTIMIZATION_QUALITY_AVIF: int(75, 1, 100),
  IMAGE_OPTIMIZATION_QUALITY_JPEG: int(85, 1, 100),
  IMAGE_OPTIMIZATION_QUALITY_PNG: int(90, 1, 100),
  IMAGE_OPTIMIZATION_MAX_WIDTH: int(1920, 1, 16_384),
  IMAGE_OPTIMIZATION_MAX_HEIGHT: int(1080, 1, 16_384),
  IMAGE_OPTIMIZATION_LAZY_LOADING: bool(true),
  IMAGE_OPTIMIZATION_PLACEHOLDERS: bool(true),
  // Image sources and limits: what may be read, how big, how long; where variants live.
  MEDIA_ROOT: z.string().min(1).default('./data/media'),
  IMAGE_REMOTE_HOSTS: z.string().default(''),
  IMAGE_REMOTE_ALLOW_RANGES: cidrList,
  // Private or loopback ranges each kind of outbound destination may reach anyway (default: none).
  OUTBOUND_ALLOW_RANGES_SCRAPE: cidrList,
  OUTBOUND_ALLOW_RANGES_WEBHOOK: cidrList,
  OUTBOUND_ALLOW_RANGES_SMTP: cidrList,
  OUTBOUND_ALLOW_RANGES_CDN_HEALTH: cidrList,
  IMAGE_MAX_INPUT_PIXELS: int(50_000_000, 1, 1_000_000_000),
  IMAGE_MAX_SOURCE_BYTES: int(26_214_400, 1_024, 1_073_741_824),
  IMAGE_TIMEOUT_MS: int(10_000, 100, 600_000),
  IMAGE_CACHE_DIR: z.string().min(1).default('./data/variants'),
  IMAGE_CACHE_MAX_BYTES: int(1_073_741_824, 1_048_576, 1_099_511_627_776),
  DELIVERY_SIGNING_SECRET: z.string().min(32, 'expected at least 32 characters').optional(),
  DELIVERY_URL_TTL: duration('7d'),
  // A test flag, off by default: CPU time (ms) added to every /d/ answer, so the benchmark gate can
  // be shown to fail on a per-request regression (`npm run bench:gate`, docs/benchmarks.md).
  DELIVERY_TEST_DELAY_MS: int(0, 0, 100),
  // CDN
  CDN_ENABLED: bool(false),
  CDN_BASE_URL: url(['http:', 'https:']),
  CDN_PROVIDER: oneOf('none', ['none', 'cloudflare', 'cloudfront', 'fastly'] as const),
  CDN_REGIONS: z.string().default(''),
  // CDN provider credentials: purges go to the configured provider's API.
  CDN_API_BASE: url(['http:', 'https:']),
  CLOUDFLARE_API_TOKEN: z.string().min(1).optional(),
  CLOUDFLARE_ZONE_ID: z.string().min(1).optional(),
  CLOUDFLARE_PLAN: oneOf('free', ['free', 'pro', 'business', 'enterprise'] as const),
  FASTLY_API_TOKEN: z.string().min(1).optional(),
  FASTLY_SERVICE_ID: z.string().min(1).optional(),
  CLOUDFRONT_DISTRIBUTION_ID: z.string().min(1).optional(),
  CLOUDFRONT_REGION: z.string().min(1).default('us-east-1'),
  CDN_HEALTH_TARGETS: z
    .string()
    .default('')
    .refine(
      (v) => parseHealthTargets(v) !== null,
      'expected name=url pairs in failover order, comma-separated (http or https URLs)',
    ),
  CDN_HEALTH_CHECK_TIMEOUT: int(5_000, 100, 60_000),
  CDN_CACHE_HEADERS_IMAGES: z.string().min(1).default('public, max-age=31536000, immutable'),
  CDN_CACHE_HEADERS_CSS: z.string().min(1).default('public, max-age=86400'),
  CDN_CACHE_HEADERS_JS: z.string().min(1).default('public, max-age=86400'),
  CDN_COMPRESSION: bool(true),
  CDN_PRELOAD: bool(true),
  CDN_HEALTH_CHECK_ENABLED: bool(true),
  CDN_HEALTH_CHECK_INTERVAL: int(30_000, 1_000, 86_400_000),
  // Service worker
  SERVICE_WORKER_ENABLED: bool(true),
  SERVICE_WORKER_CACHE_STRATEGY_STATIC: oneOf('cache-first', cacheStrategy),
  SERVICE_WORKER_CACHE_STRATEGY_API: oneOf('network-first', cacheStrategy),
  SERVICE_WORKER_CACHE_STRATEGY_IMAGES: oneOf('stale-while-revalidate', cacheStrategy),
  SERVICE_WORKER_BACKGROUND_SYNC: bool(true),
  SERVICE_WORKER_PUSH_NOTIFICATIONS: bool(false),
  VAPID_PUBLIC_KEY: z.string().optional(),
  VAPID_PRIVATE_KEY: z.string().optional(),
  // Load balancer
  LOAD_BALANCER_ENABLED: bool(true),
  LOAD_BALANCER_ALGORITHM: oneOf('least-connections', ALGORITHMS),
  LOAD_BALANCER_HEALTH_CHECK_ENABLED: bool(true),
  LOAD_BALANCER_HEALTH_CHECK_INTERVAL: int(30_000, 100, 86_400_000),
  LOAD_BALANCER_HEALTH_CHECK_TIMEOUT: int(5_000, 10, 600_000),
  LOAD_BALANCER_HEALTH_CHECK_PATH: z.string().startsWith('/', 'expected a path starting with /').default('/health'),
  LOAD_BALANCER_AUTO_SCALING_ENABLED: bool(true),
  LOAD_BALANCER_AUTO_SCALING_MIN_INSTANCES: int(2, 0, 1_000),
  LOAD_BALANCER_AUTO_SCALING_MAX_INSTANCES: int(10, 1, 1_000),
  LOAD_BALANCER_AUTO_SCALING_SCALE_UP_THRESHOLD: int(70, 1, 100),
  LOAD_BALANCER_AUTO_SCALING_SCALE_DOWN_THRESHOLD: int(30, 0, 99),
  LOAD_BALANCER_AUTO_SCALING_COOLDOWN: int(300_000, 0, 86_400_000),
  LOAD_BALANCER_STICKY_SESSIONS_ENABLED: bool(true),
  LOAD_BALANCER_STICKY_SESSIONS_COOKIE_NAME: z
    .string()
    .regex(/^[\w-]+$/, 'expected a cookie name')
    .default('lb-session'),
  LOAD_BALANCER_STICKY_SESSIONS_MAX_AGE: int(3_600_000, 1_000, 31_536_000_000),
  // Performance monitoring
  PERFORMANCE_MONITORING_ENABLED: bool(true),
  PERFORMANCE_MONITORING_METRICS_API: bool(true),
  PERFORMANCE_MONITORING_METRICS_DATABASE: bool(true),
  PERFORMANCE_MONITORING_METRICS_CACHE: bool(true),
  PERFORMANCE_MONITORING_METRICS_MEMORY: bool(true),
  PERFORMANCE_MONITORING_METRICS_CPU: bool(true),
  PERFORMANCE_MONITORING_THRESHOLD_API_RESPONSE_TIME: int(1_000, 1, 600_000),
  PERFORMANCE_MONITORING_THRESHOLD_DATABASE_QUERY_TIME: int(500, 1, 600_000),
  PERFORMANCE_MONITORING_THRESHOLD_CACHE_HIT_RATE: int(80, 0, 100),
  PERFORMANCE_MONITORING_THRESHOLD_MEMORY_USAGE: int(85, 1, 100),
  PERFORMANCE_MONITORING_THRESHOLD_CPU_USAGE: int(80, 1, 100),
  /** what the CPU and memory thresholds watch: Redline's own process, or the whole host */
  PERFORMANCE_MONITORING_CPU_SCOPE: oneOf('process', ['process', 'host'] as const),
  PERFORMANCE_MONITORING_MEMORY_SCOPE: oneOf('process', ['process', 'host'] as const),
  PERFORMANCE_MONITORING_ALERTS_ENABLED: bool(true),
  PERFORMANCE_MONITORING_ALERTS_COOLDOWN: int(300_000, 0, 86_400_000),
  PERFORMANCE_MONITORING_RETENTION_METRICS: duration('30d'),
  PERFORMANCE_MONITORING_RETENTION_ALERTS: duration('90d'),
  PERFORMANCE_MONITORING_RETENTION_SLOW_QUERIES: duration('7d'),
  // Database thresholds and scaling
  SLOW_QUERY_THRESHOLD: int(1_000, 1, 600_000),
  HIGH_CPU_THRESHOLD: int(70, 1, 100),
  HIGH_MEMORY_THRESHOLD: int(80, 1, 100),
  AUTO_SCALING_ENABLED: bool(true),
  MIN_INSTANCES: int(1, 0, 1_000),
  MAX_INSTANCES: int(10, 1, 1_000),
  SCALING_COOLDOWN: int(300_000, 0, 86_400_000),
  // Profiling: captures and imports under PROFILES_DIR, within a size cap; the continuous profile
  PROFILES_DIR: z.string().min(1).default('./data/profiles'),
  PROFILES_MAX_BYTES: int(1_073_741_824, 1_048_576, 1_099_511_627_776),
  PROFILES_RETENTION: duration('30d'),
  HEAP_SNAPSHOT_RETENTION: duration('1d'),
  PROFILE_IMPORT_MAX_BYTES: int(52_428_800, 1_024, 1_073_741_824),
  PROFILING_CONTINUOUS_ENABLED: bool(true),
  PROFILING_CONTINUOUS_INTERVAL_US: int(10_000, 1_000, 1_000_000),
  PROFILING_CONTINUOUS_RETENTION: duration('7d'),
  // Request tracing: OTLP/HTTP and Zipkin in, kept in the database within a retention and a cap
  TRACES_RETENTION: duration('7d'),
  TRACES_MAX_SPANS: int(10_000_000, 1_000, 2_000_000_000),
  TRACES_MAX_BODY_BYTES: int(16_777_216, 1_024, 268_435_456),
  /** spans buffered for the database at most; past it ingestion answers 503 with Retry-After */
  TRACES_MAX_BUFFERED_SPANS: int(100_000, 1_000, 10_000_000),
  /** share of Redline's own API requests traced (head sampling), 0–1 */
  TRACES_SELF_SAMPLE_RATE: z.coerce.number().min(0).max(1).default(1),
  // Traces stored per second at most, received and Redline's own alike (0: no limit).
  TRACES_MAX_PER_SECOND: int(100, 0, 1_000_000),
  // Tail decisions on traces over that limit: kept when a span errs or lasts this long (0: off)
  TRACES_TAIL_SLOW_MS: int(1_000, 0, 3_600_000),
  TRACES_TAIL_KEEP_ERRORS: bool(true),
  /** how long after a held trace's last span its decision waits */
  TRACES_TAIL_WAIT_SECONDS: int(10, 1, 300),
  /** held spans' rows at most; past it the longest-waiting traces are dropped */
  TRACES_TAIL_BUFFER_BYTES: int(67_108_864, 1_048_576, 4_294_967_296),
  // Redline's own: the fleet it runs and the proxy in front of it
  /** local: child processes on this machine; kubernetes: a Deployment's scale; none: no fleet */
  FLEET_PROVIDER: oneOf('local', ['local', 'kubernetes', 'none'] as const),
  /** the local fleet's command as a JSON array (no shell), e.g. ["node","server.js"]; PORT is injected. Default: the sample service */
  FLEET_COMMAND: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      try {
        const parsed: unknown = JSON.parse(v);
        if (
          Array.isArray(parsed) &&
          parsed.length >= 1 &&
          parsed.length <= 64 &&
          parsed.every((a) => typeof a === 'string' && a.length > 0)
        )
          return parsed as string[];
      } catch {}
      ctx.addIssue({ code: 'custom', message: 'expected a JSON array of strings, e.g. ["node","server.js"]' });
      return z.NEVER;
    }),
  FLEET_CWD: z.string().optional(),
  /** FLEET_PROVIDER=kubernetes: the Deployment Redline scales (KUBECONFIG, ~/.kube/config or the in-cluster account reach it) */
  FLEET_K8S_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'expected a Kubernetes namespace name')
    .default('default'),
  FLEET_K8S_DEPLOYMENT: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, 'expected a Kubernetes Deployment name')
    .optional(),
  /** the pods' port when their spec declares no containerPort */
  FLEET_K8S_PORT: int(80, 1, 65_535),
  FLEET_STATE_FILE: z.string().min(1).default('./data/fleet.json'),
  /** instances the fleet starts with (then the autoscaler decides) */
  FLEET_INITIAL_INSTANCES: int(2, 0, 1_000),
  /** the proxy's port (default PORT + 80) */
  LB_PROXY_PORT: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      const n = Number(v);
      if (!/^\d+$/.test(v) || n < 1 || n > 65_535) {
        ctx.addIssue({ code: 'custom', message: 'expected a port from 1 to 65535' });
        return z.NEVER;
      }
      return n;
    }),
  /** price of one instance-hour, for the cost panel (0: not set) */
  SCALING_PRICE_PER_INSTANCE_HOUR: z
    .string()
    .default('0')
    .transform((v, ctx) => {
      const n = Number(v);
      if (!/^\d+(\.\d+)?$/.test(v) || n > 10_000) {
        ctx.addIssue({ code: 'custom', message: 'expected a price such as 0.05' });
        return z.NEVER;
      }
      return n;
    }),
});

export type Env = z.infer<typeof envSchema>;
export type EnvInput = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Pure: parses an environment. Empty strings count as unset. Throws ConfigError naming each variable. */
export function parseEnv(input: EnvInput): Env {
  const cleaned: EnvInput = {};
  for (const key of Object.keys(envSchema.shape)) {
    const v = input[key];
    if (v !== undefined && v !== '') cleaned[key] = v;
  }
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => {
        const name = String(i.path[0] ?? '?');
        const got = cleaned[name];
        return `${name}: ${i.message}${got === undefined ? '' : ` (got ${JSON.stringify(got.length > 60 ? `${got.slice(0, 60)}…` : got)})`}`;
      }),
    );
  }
  const env = result.data;
  const cross: string[] = [];
  if (env.MIN_INSTANCES > env.MAX_INSTANCES) cross.push('MIN_INSTANCES: must not exceed MAX_INSTANCES');
  if (env.FLEET_PROVIDER === 'kubernetes' && !env.FLEET_K8S_DEPLOYMENT)
    cross.push('FLEET_K8S_DEPLOYMENT: required when FLEET_PROVIDER=kubernetes');
  if (env.LOAD_BALANCER_AUTO_SCALING_MIN_INSTANCES > env.LOAD_BALANCER_AUTO_SCALING_MAX_INSTANCES) {
    cross.push('LOAD_BALANCER_AUTO_SCALING_MIN_INSTANCES: must not exceed LOAD_BALANCER_AUTO_SCALING_MAX_INSTANCES');
  }
  if (env.LOAD_BALANCER_AUTO_SCALING_SCALE_DOWN_THRESHOLD >= env.LOAD_BALANCER_AUTO_SCALING_SCALE_UP_THRESHOLD) {
    cross.push(
      'LOAD_BALANCER_AUTO_SCALING_SCALE_DOWN_THRESHOLD: must be below LOAD_BALANCER_AUTO_SCALING_SCALE_UP_THRESHOLD',
    );
  }
  if (env.DATABASE_URL && !/^(postgres(ql)?:\/\/|file:)/.test(env.DATABASE_URL)) {
    cross.push('DATABASE_URL: expected postgresql://… or file:… (unset uses the embedded SQLite file)');
  }
  if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD)) {
    cross.push('ADMIN_EMAIL / ADMIN_PASSWORD: set both or neither');
  }
  if (cross.length) throw new ConfigError(cross);
  return env;
}

/** Pure: the console's address for links in notifications and reports. */
export function publicUrlOf(env: Env): string {
  return (env.PUBLIC_URL ?? `http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${env.PORT}`).replace(/\/$/, '');
}

/** Pure: the Redis URL to use, or undefined for the in-process equivalent. */
export function redisUrlOf(env: Env): string | undefined {
  if (env.REDIS_URL) return env.REDIS_URL;
  if (env.REDIS_ENABLED && env.REDIS_HOST) {
    const auth = env.REDIS_PASSWORD ? `:${encodeURIComponent(env.REDIS_PASSWORD)}@` : '';
    return `redis://${auth}${env.REDIS_HOST}:${env.REDIS_PORT}`;
  }
  return undefined;
}
