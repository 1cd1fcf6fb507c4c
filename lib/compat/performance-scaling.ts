// Compatibility API: /api/performance/scale and /api/performance/scaling in the shape the
// performance API contract gives them (docs/api.md). Each action is one of the fleet commands.
import { z } from 'zod';
import type { COMMANDS } from '../fleet/commands';
import { scalingPatchSchema } from '../scaling/store';

export const scalingGetQuery = z.strictObject({
  range: z.enum(['15m', '1h', '6h', '24h', '7d']).default('24h'),
});

/** {"action":"scale_up","instances":2} adds 2; scale_down removes; scale_to sets; release hands back to the autoscaler; maintenance pauses it. */
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
