// zod schemas of alert rules, channels and silences, as the API accepts them.
import { z } from 'zod';
import { labelsSchema, metricNameSchema } from '../metrics/model';
import { parseAttrs } from '../tracing/query';

export const AGGREGATIONS = ['avg', 'min', 'max', 'sum', 'count', 'rate', 'p50', 'p95', 'p99', 'error_rate'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];
/**
 * A trace rule's metric: it counts the spans matching its filter (service, operation, and `attrs`
 * as `key=value;…`) in the window — how many, per second, the share with an error, or a duration
 * percentile in ms.
 */
export const TRACE_RULE_METRIC = 'trace_spans';
export const TRACE_AGGREGATIONS: readonly Aggregation[] = ['count', 'rate', 'error_rate', 'p50', 'p95', 'p99'];
const TRACE_FILTER_KEYS = new Set(['service', 'operation', 'attrs']);
const ms = (max: number) => z.number().int().min(0).max(max);
const DAY = 86_400_000;

export const ruleBody = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    kind: z.enum(['threshold', 'anomaly', 'trace']).default('threshold'),
    metric: metricNameSchema,
    filter: labelsSchema.default({}),
    aggregation: z.enum(AGGREGATIONS).default('avg'),
    windowMs: z.number().int().min(10_000).max(DAY).default(60_000),
    comparator: z.enum(['>', '>=', '<', '<=']).default('>'),
    threshold: z.number().refine(Number.isFinite, 'must be a finite number').default(0),
    forMs: ms(DAY).default(0),
    hysteresis: z.number().min(0).default(0),
    severity: z.enum(['info', 'warning', 'critical']).default('warning'),
    cooldownMs: ms(DAY).optional(), // default: the alerts cooldown setting
    channelIds: z.array(z.string().min(1).max(64)).max(20).default([]),
    enabled: z.boolean().default(true),
  })
  .superRefine((r, ctx) => {
    if (r.kind !== 'trace') {
      if (r.aggregation === 'error_rate')
        ctx.addIssue({ code: 'custom', path: ['aggregation'], message: 'error_rate is for trace rules' });
      return;
    }
    if (r.metric !== TRACE_RULE_METRIC)
      ctx.addIssue({ code: 'custom', path: ['metric'], message: `a trace rule's metric is ${TRACE_RULE_METRIC}` });
    if (!TRACE_AGGREGATIONS.includes(r.aggregation))
      ctx.addIssue({
        code: 'custom',
        path: ['aggregation'],
        message: `a trace rule aggregates with ${TRACE_AGGREGATIONS.join(', ')}`,
      });
    try {
      parseAttrs(r.filter.attrs);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['filter', 'attrs'], message: (err as Error).message });
    }
    for (const k of Object.keys(r.filter))
      if (!TRACE_FILTER_KEYS.has(k))
        ctx.addIssue({
          code: 'custom',
          path: ['filter', k],
          message: 'a trace rule filters by service, operation and attrs',
        });
  });
export type RuleBody = z.infer<typeof ruleBody>;

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });
export const channelConfig = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('webhook'),
    url: httpUrl,
    secret: z.string().min(16, 'at least 16 characters').max(256).optional(),
  }),
  z.strictObject({ type: z.literal('slack'), url: httpUrl }),
  z.strictObject({
    type: z.literal('email'),
    host: z.string().min(1).max(255),
    port: z.number().int().min(1).max(65535).default(587),
    secure: z.boolean().default(false),
    user: z.string().max(255).optional(),
    password: z.string().max(255).optional(),
    from: z.email(),
    to: z.array(z.email()).min(1).max(50),
  }),
]);
export type ChannelConfig = z.infer<typeof channelConfig>;
export const channelBody = z.strictObject({
  name: z.string().trim().min(1).max(120),
  enabled: z.boolean().default(true),
  config: channelConfig,
});

export const silenceBody = z
  .strictObject({
    ruleId: z.string().min(1).max(64).nullable().default(null),
    comment: z.string().trim().min(1).max(500),
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }).optional(),
    cron: z.string().min(9).max(100).optional(),
    durationMs: z
      .number()
      .int()
      .min(60_000)
      .max(7 * DAY)
      .optional(),
  })
  .refine(
    (s) => (s.cron === undefined) === (s.durationMs === undefined),
    'a recurring silence needs both cron and durationMs',
  )
  .refine(
    (s) => s.cron !== undefined || s.endsAt !== undefined,
    'give endsAt (one-off) or cron + durationMs (recurring)',
  )
  .refine(
    (s) => !s.startsAt || !s.endsAt || Date.parse(s.startsAt) < Date.parse(s.endsAt),
    'startsAt must be before endsAt',
  );
export type SilenceBody = z.infer<typeof silenceBody>;
