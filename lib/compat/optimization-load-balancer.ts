// Compatibility API: GET/POST/PUT /api/optimization/load-balancer with its `action` parameter, in the
// shape the optimization API contract gives it (docs/api.md). Each action is one of the fleet
// commands (lib/fleet/commands.ts), whose own schema checks its fields.
import { z } from 'zod';
import type { COMMANDS } from '../fleet/commands';

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
/** PUT: an action and its fields; scale-up/scale-down carry `count`. */
export const lbPutBody = z.looseObject({
  action: z.enum(PUT_ACTIONS, { error: `action is one of ${PUT_ACTIONS.join(', ')}` }),
});
export const lbPostBody = z.looseObject({ action: z.literal('add-servers', { error: 'action is add-servers' }) });

/** Action → fleet command: scale-up/-down by `count`; the rest by the same name. */
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
