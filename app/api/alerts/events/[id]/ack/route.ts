import { z } from 'zod';
import { route } from '@/lib/api/route';
import { principalLabel } from '@/lib/auth/principal';
import { acknowledge } from '@/lib/alerts/service';

const params = z.strictObject({ id: z.coerce.number().int().min(1) });

// POST /api/alerts/events/[id]/ack – acknowledges an alert (operator)
export const POST = route(
  { role: 'operator', params, action: 'alerts.acknowledge' },
  async ({ params: p, principal }) => acknowledge(p.id, principalLabel(principal)),
);
