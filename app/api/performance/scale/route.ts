import { route } from '@/lib/api/route';
import { principalLabel } from '@/lib/auth/principal';
import { scaleCommand, scalePostBody } from '@/lib/compat/performance-scaling';
import { fleetCommand } from '@/lib/fleet/commands';

// POST /api/performance/scale {"action":"scale_up","instances":2} – manual scaling (operator); held 30 min unless holdMinutes says otherwise
export const POST = route(
  { role: 'operator', body: scalePostBody, action: 'scaling.scale' },
  async ({ body, principal }) => {
    const c = scaleCommand(body);
    return fleetCommand(c.op, c.args, principalLabel(principal));
  },
);
