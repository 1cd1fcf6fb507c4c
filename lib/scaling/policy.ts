// Pure: scaling policies and the fleet's scaling configuration, as zod schemas (the API's bodies
// and the stored JSON alike). Metrics are the scaling rules' (CPU, memory, request rate,
// response time, database connections) plus any metric in the store.
import { Cron } from 'croner';
import { z } from 'zod';

export const SCALING_METRICS = ['cpu', 'memory', 'requestRate', 'responseTime', 'dbConnections', 'custom'] as const;
export type ScalingMetric = (typeof SCALING_METRICS)[number];
export const METRIC_UNITS: Record<ScalingMetric, string> = {
  cpu: '% of a core per instance',
  memory: '% of the memory limit per instance',
  requestRate: 'req/s per instance',
  responseTime: 'ms (p95)',
  dbConnections: 'connections in use',
  custom: '',
};

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'id is lowercase letters, digits and -');
const ms = (max: number) => z.number({ error: 'expected a number of milliseconds' }).int().min(0).max(max);

export const stepSchema = z.strictObject({
  /** the metric compared with `threshold`: at or above for scale-up steps, at or below for scale-down */
  comparator: z.enum(['>=', '<=']),
  threshold: z.number({ error: 'threshold is a number' }).finite(),
  /** how long the condition must hold */
  forMs: ms(86_400_000).default(120_000),
  change: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('add'), value: z.number().int().min(-1_000).max(1_000) }),
    z.strictObject({ type: z.literal('multiply'), value: z.number().positive().max(100) }),
    z.strictObject({ type: z.literal('set'), value: z.number().int().min(0).max(1_000) }),
  ]),
});
export type Step = z.infer<typeof stepSchema>;

export const policySchema = z
  .strictObject({
    id,
    name: z.string().min(1).max(80),
    enabled: z.boolean().default(true),
    metric: z.enum(SCALING_METRICS, { error: `metric is one of ${SCALING_METRICS.join(', ')}` }),
    /** custom: a metric name in the store (its average over the last minute) */
    customMetric: z
      .string()
      .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'a metric name')
      .optional(),
    kind: z.enum(['target', 'step']),
    /** target tracking: keep the metric near this value (instances ∝ value / target) */
    target: z.number({ error: 'target is a number' }).positive('target is above 0').optional(),
    /** target tracking: the metric is averaged over this window (short: quick to react; the scale-down stabilization window keeps it from flapping) */
    windowMs: z.number().int().min(1_000).max(3_600_000).default(10_000),
    steps: z.array(stepSchema).max(10).default([]),
  })
  .superRefine((p, ctx) => {
    if (p.kind === 'target' && p.target === undefined)
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'a target-tracking policy needs target' });
    if (p.kind === 'step' && p.steps.length === 0)
      ctx.addIssue({ code: 'custom', path: ['steps'], message: 'a step policy needs at least one step' });
    if (p.metric === 'custom' && !p.customMetric)
      ctx.addIssue({ code: 'custom', path: ['customMetric'], message: 'a custom policy names its metric' });
  });
export type Policy = z.infer<typeof policySchema>;

export const scheduleSchema = z
  .strictObject({
    id,
    /** croner syntax, seconds optional, e.g. "0 8 * * 1-5" */
    cron: z.string().min(1).max(100),
    /** the fleet is kept at or above this many while the window lasts */
    minInstances: z.number().int().min(0).max(1_000),
    durationMs: ms(7 * 86_400_000).default(3_600_000),
  })
  .superRefine((s, ctx) => {
    try {
      new Cron(s.cron, { paused: true });
    } catch (e) {
      ctx.addIssue({ code: 'custom', path: ['cron'], message: `not a cron expression: ${(e as Error).message}` });
    }
  });
export type Schedule = z.infer<typeof scheduleSchema>;

export const scalingConfigBase = z.strictObject({
  enabled: z.boolean().default(true),
  minInstances: z.number({ error: 'minInstances is a number' }).int().min(0).max(1_000).default(1),
  maxInstances: z.number({ error: 'maxInstances is a number' }).int().min(1).max(1_000).default(10),
  /** after any scaling action, no scale-up for this long */
  scaleUpCooldownMs: ms(86_400_000).default(15_000),
  /** after any scaling action, no scale-down for this long */
  scaleDownCooldownMs: ms(86_400_000).default(300_000),
  /** scale down only to the highest count recommended over this window (no flapping) */
  stabilizationMs: ms(86_400_000).default(300_000),
  /** limit a single scale-up to this many new instances */
  maxStepUp: z.number().int().min(1).max(1_000).default(4),
  memoryLimitMb: z.number().int().min(16).max(1_048_576).default(512),
  pricePerInstanceHour: z.number().min(0).max(10_000).default(0),
  policies: z.array(policySchema).max(20).default([]),
  schedules: z.array(scheduleSchema).max(20).default([]),
  /** manual override: hold this many until the time (ms since epoch) */
  override: z
    .strictObject({ instances: z.number().int().min(0).max(1_000), until: z.number().int(), by: z.string().max(200) })
    .nullable()
    .default(null),
  /** maintenance: the autoscaler takes no action until the time */
  maintenance: z
    .strictObject({ until: z.number().int(), reason: z.string().max(500), by: z.string().max(200) })
    .nullable()
    .default(null),
});

export const scalingConfigSchema = scalingConfigBase.superRefine((c, ctx) => {
  if (c.minInstances > c.maxInstances)
    ctx.addIssue({ code: 'custom', path: ['minInstances'], message: 'minInstances must not exceed maxInstances' });
  const ids = new Set<string>();
  for (const [i, p] of c.policies.entries()) {
    if (ids.has(p.id))
      ctx.addIssue({ code: 'custom', path: ['policies', i, 'id'], message: `duplicate policy id ${p.id}` });
    ids.add(p.id);
  }
});
export type ScalingConfig = z.infer<typeof scalingConfigSchema>;

/**
 * The policy a new fleet starts with: CPU target tracking at the configured scale-up threshold
 * (LOAD_BALANCER_AUTO_SCALING_SCALE_UP_THRESHOLD, 70%), averaged over 10 s, so a load step is
 * answered within seconds; scale-down waits out the stabilization window. Step policies (say,
 * double at ≥ 70% for 2 min, halve at ≤ 30% for 10 min) can be added in the Policies tab.
 */
export function defaultPolicies(up: number): Policy[] {
  return [
    policySchema.parse({
      id: 'cpu-target',
      name: `CPU: keep instances near ${up}% of a core`,
      metric: 'cpu',
      kind: 'target',
      target: up,
    }),
  ];
}

/** A step policy example, for tests and the editor's template. */
export function stepExample(up: number, down: number): Policy {
  return policySchema.parse({
    id: 'cpu-steps',
    name: `CPU: double at ≥ ${up}% for 2 min, halve at ≤ ${down}% for 10 min`,
    metric: 'cpu',
    kind: 'step',
    steps: [
      { comparator: '>=', threshold: up, forMs: 120_000, change: { type: 'multiply', value: 2 } },
      { comparator: '<=', threshold: down, forMs: 600_000, change: { type: 'multiply', value: 0.5 } },
    ],
  });
}
