import { route } from '@/lib/api/route';
import { principalLabel } from '@/lib/auth/principal';
import { silenceBody } from '@/lib/alerts/schemas';
import { alertsOverview } from '@/lib/alerts/overview';
import { createSilence } from '@/lib/alerts/service';

// GET /api/alerts/silences – silences and whether each is active now
export const GET = route({ role: 'viewer' }, async () => ({ data: (await alertsOverview()).silences }));

// POST /api/alerts/silences – silences a rule (or all) once or on a recurring window (operator)
export const POST = route(
  { role: 'operator', body: silenceBody, action: 'alerts.silence.create' },
  async ({ body, principal }) => Response.json(await createSilence(body, principalLabel(principal)), { status: 201 }),
);
