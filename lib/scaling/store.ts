// The fleet's stored configuration. Scaling: limits that are runtime settings (enabled, min, max,
// scale-down cooldown: Settings → Runtime) come from there; the rest (policies, schedules,
// override, maintenance …) is one JSON document. Load balancer: split, sticky sessions, health
// check and per-instance overrides as another. Both are validated on the way in and out.
import { z } from 'zod';
import { config } from '../config';
import type { SettingsPatch } from '../config/runtime-settings';
import type { Db } from '../db';
import { backendSpecSchema } from '../lb/backend';
import { healthCheckSchema } from '../lb/health';
import { effectiveSettings, updateSettings } from '../settings/service';
import { defaultPolicies, type ScalingConfig, scalingConfigBase, scalingConfigSchema } from './policy';

const FROM_SETTINGS = ['enabled', 'minInstances', 'maxInstances', 'scaleDownCooldownMs'] as const;

export async function loadScalingConfig(db: Db): Promise<ScalingConfig> {
  const env = config();
  const s = await effectiveSettings();
  const row = await db.fleetConfig.findUnique({ where: { key: 'scaling' } });
  let stored: Record<string, unknown> = {};
  try {
    stored = row ? (JSON.parse(row.value) as Record<string, unknown>) : {};
  } catch {}
  const merged = {
    policies: defaultPolicies(env.LOAD_BALANCER_AUTO_SCALING_SCALE_UP_THRESHOLD),
    pricePerInstanceHour: env.SCALING_PRICE_PER_INSTANCE_HOUR,
    ...stored,
    enabled: s['scaling.enabled'] && env.LOAD_BALANCER_AUTO_SCALING_ENABLED,
    minInstances: s['scaling.minInstances'],
    maxInstances: s['scaling.maxInstances'],
    scaleDownCooldownMs: s['scaling.cooldownMs'],
  };
  const parsed = scalingConfigSchema.safeParse(merged);
  if (parsed.success) return parsed.data;
  // A stored document no longer valid (an older version) falls back to the defaults; the limits
  // from the runtime settings still apply.
  return scalingConfigSchema.parse({
    policies: defaultPolicies(env.LOAD_BALANCER_AUTO_SCALING_SCALE_UP_THRESHOLD),
    pricePerInstanceHour: env.SCALING_PRICE_PER_INSTANCE_HOUR,
    ...Object.fromEntries(FROM_SETTINGS.map((k) => [k, merged[k]])),
  });
}

/** A partial configuration (PUT): each field as in the configuration, none defaulted. */
export const scalingPatchSchema = z.strictObject(
  Object.fromEntries(
    Object.entries(scalingConfigBase.shape).map(([k, v]) => [
      k,
      (v instanceof z.ZodDefault ? (v.unwrap() as z.ZodType) : v).optional(),
    ]),
  ) as {
    [K in keyof typeof scalingConfigBase.shape]: z.ZodOptional<z.ZodType<z.infer<(typeof scalingConfigBase.shape)[K]>>>;
  },
);

/** Applies a validated partial configuration; the whole result is checked before anything is stored. */
export async function saveScalingConfig(db: Db, patch: Partial<ScalingConfig>, by: string): Promise<ScalingConfig> {
  const current = await loadScalingConfig(db);
  const next = scalingConfigSchema.parse({ ...current, ...patch });
  const settings: SettingsPatch = {};
  if (patch.enabled !== undefined) settings['scaling.enabled'] = patch.enabled;
  if (patch.minInstances !== undefined) settings['scaling.minInstances'] = patch.minInstances;
  if (patch.maxInstances !== undefined) settings['scaling.maxInstances'] = patch.maxInstances;
  if (patch.scaleDownCooldownMs !== undefined) settings['scaling.cooldownMs'] = patch.scaleDownCooldownMs;
  if (Object.keys(settings).length) await updateSettings(settings, by);
  const doc = Object.fromEntries(
    Object.entries(next).filter(([k]) => !(FROM_SETTINGS as readonly string[]).includes(k)),
  );
  await db.fleetConfig.upsert({
    where: { key: 'scaling' },
    create: { key: 'scaling', value: JSON.stringify(doc), updatedBy: by },
    update: { value: JSON.stringify(doc), updatedBy: by },
  });
  return loadScalingConfig(db);
}

export const lbConfigSchema = z.strictObject({
  /** pool → weight; null: every pool alike */
  split: z
    .record(
      z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'pool is a lowercase name'),
      z
        .number({ error: 'split weights are numbers' })
        .int()
        .min(0, 'split weights are 0–100')
        .max(100, 'split weights are 0–100'),
    )
    .refine((s) => Object.values(s).some((w) => w > 0), 'at least one pool needs a weight above 0')
    .nullable()
    .default(null),
  sticky: z.strictObject({
    enabled: z.boolean(),
    cookie: z.string().regex(/^[\w-]+$/, 'a cookie name'),
    maxAgeMs: z.number().int().min(1_000).max(31_536_000_000),
  }),
  healthCheck: healthCheckSchema,
  /** per fleet instance (by id): weight, enablement, pool, set from the console */
  overrides: z
    .record(z.string(), backendSpecSchema.pick({ weight: true, enabled: true, pool: true }).partial())
    .default({}),
});
export type LbConfig = z.infer<typeof lbConfigSchema>;

export async function loadLbConfig(db: Db): Promise<LbConfig> {
  const env = config();
  const defaults: LbConfig = {
    split: null,
    sticky: {
      enabled: env.LOAD_BALANCER_STICKY_SESSIONS_ENABLED,
      cookie: env.LOAD_BALANCER_STICKY_SESSIONS_COOKIE_NAME,
      maxAgeMs: env.LOAD_BALANCER_STICKY_SESSIONS_MAX_AGE,
    },
    healthCheck: healthCheckSchema.parse({
      path: env.LOAD_BALANCER_HEALTH_CHECK_PATH,
      intervalMs: env.LOAD_BALANCER_HEALTH_CHECK_INTERVAL,
      timeoutMs: Math.min(env.LOAD_BALANCER_HEALTH_CHECK_TIMEOUT, 60_000),
    }),
    overrides: {},
  };
  const row = await db.fleetConfig.findUnique({ where: { key: 'lb' } });
  if (!row) return defaults;
  try {
    const parsed = lbConfigSchema.safeParse({ ...defaults, ...(JSON.parse(row.value) as object) });
    return parsed.success ? parsed.data : defaults;
  } catch {
    return defaults;
  }
}

export async function saveLbConfig(db: Db, next: LbConfig, by: string): Promise<LbConfig> {
  const valid = lbConfigSchema.parse(next);
  await db.fleetConfig.upsert({
    where: { key: 'lb' },
    create: { key: 'lb', value: JSON.stringify(valid), updatedBy: by },
    update: { value: JSON.stringify(valid), updatedBy: by },
  });
  return valid;
}
