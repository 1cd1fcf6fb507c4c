// The load-balancer (seed 000) and scaling (seed 001) APIs' queries and bodies. Each action is
// one of the fleet commands (commands.ts), whose own schema checks its fields.
import { z } from 'zod';
import { scalingPatchSchema } from '../scaling/store';
import type { COMMANDS } from './commands';

export const lbGetQuery = z.strictObject({
  action: z.enum(['config', 'server', 'stats'], { error: 'action is one of config, server, stats' }),
  serverId: z.string().min(1).max(64).optional(),
});

const PUT_ACTIONS = [
  'update-health-check',
  'scale-up',
  'scale-down',
  'set-weight',
  'enable',
  'disable',
  'drain',
  'set-algorithm',
  'set-split',
  'set-sticky',
  'remove-server',
] as const;
/** PUT: an action and its fields; seed 000's scale-up/scale-down carry `count`. */
export const lbPutBody = z.looseObject({
  action: z.enum(PUT_ACTIONS, { error: `action is one of ${PUT_ACTIONS.join(', ')}` }),
});
export const lbPostBody = z.looseObject({ action: z.literal('add-servers', { error: 'action is add-servers' }) });

/** Seed 000 → fleet command: scale-up/-down by `count`; the rest by the same name. */
export function lbCommand(body: z.infer<typeof lbPutBody> | z.infer<typeof lbPostBody>): {
  op: keyof typeof COMMANDS;
  args: Record<string, unknown>;
} {
  const { action, ...rest } = body;
  if (action === 'scale-up' || action === 'scale-down') {
    const count = rest.count ?? 1;
    const { count: _count, ...others } = rest;
    return {
      op: 'scale-by',
      args: { ...others, delta: typeof count === 'number' ? (action === 'scale-up' ? count : -count) : count },
    };
  }
  return { op: action, args: rest };
}

export const scalingGetQuery = z.strictObject({
  range: z.enum(['15m', '1h', '6h', '24h', '7d']).default('24h'),
});

/** Seed 001: {"action":"scale_up","instances":2} adds 2; scale_down removes; scale_to sets; release hands back to the autoscaler; maintenance pauses it. */
export const scalePostBody = z.discriminatedUnion(
  'action',
  [
    z.strictObject({
      action: z.literal('scale_up'),
      instances: z.number({ error: 'instances is a number' }).int().min(1).max(1_000).default(1),
      holdMinutes: z.number().int().min(0).max(10_080).default(30),
    }),
    z.strictObject({
      action: z.literal('scale_down'),
      instances: z.number({ error: 'instances is a number' }).int().min(1).max(1_000).default(1),
      holdMinutes: z.number().int().min(0).max(10_080).default(30),
    }),
    z.strictObject({
      action: z.literal('scale_to'),
      instances: z.number({ error: 'instances is a number' }).int().min(0).max(1_000),
      holdMinutes: z.number().int().min(0).max(10_080).default(30),
    }),
    z.strictObject({ action: z.literal('release') }),
    z.strictObject({
      action: z.literal('maintenance'),
      minutes: z.number().int().min(0).max(10_080),
      reason: z.string().max(500).default(''),
    }),
  ],
  { error: 'action is one of scale_up, scale_down, scale_to, release, maintenance' },
);

export function scaleCommand(b: z.infer<typeof scalePostBody>): {
  op: keyof typeof COMMANDS;
  args: Record<string, unknown>;
} {
  switch (b.action) {
    case 'scale_up':
      return { op: 'scale-by', args: { delta: b.instances, holdMs: b.holdMinutes * 60_000 } };
    case 'scale_down':
      return { op: 'scale-by', args: { delta: -b.instances, holdMs: b.holdMinutes * 60_000 } };
    case 'scale_to':
      return { op: 'scale', args: { instances: b.instances, holdMs: b.holdMinutes * 60_000 } };
    case 'release':
      return { op: 'release-override', args: {} };
    case 'maintenance':
      return { op: 'maintenance', args: { minutes: b.minutes, reason: b.reason } };
  }
}

/** A backtest: the stored configuration with these changes, over a recorded range. */
export const backtestBody = z.strictObject({
  config: scalingPatchSchema.default({}),
  range: z.enum(['1h', '6h', '24h', '7d'], { error: 'range is one of 1h, 6h, 24h, 7d' }).default('24h'),
  /** per-instance CPU (% of a core) at which a minute counts as saturated */
  sloCpuPct: z.number().min(1).max(1_000).default(90),
});
