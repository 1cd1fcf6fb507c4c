import { route } from '@/lib/api/route';
import { principalLabel } from '@/lib/auth/principal';
import { silenceBody } from '@/lib/alerts/schemas';
import { db } from '@/lib/db';
import { alertsOverview } from '@/lib/alerts/overview';

// GET /api/alerts/silences – silences and whether each is active now
export const GET = route({ role: 'viewer' }, async () => ({ data: (await alertsOverview()).silences }));

// POST /api/alerts/silences – silences a rule (or all) once or on a recurring window (operator)
export const POST = route(
  { role: 'operator', body: silenceBody, action: 'alerts.silence.create' },
  async ({ body, principal }) => {
    const row = await db().alertSilence.create({
      data: {
        ruleId: body.ruleId,
        comment: body.comment,
        startsAt: body.startsAt ? new Date(body.startsAt) : body.cron ? null : new Date(),
        endsAt: body.endsAt ? new Date(body.endsAt) : null,
        cron: body.cron ?? null,
        durationMs: body.durationMs ?? null,
        createdBy: principalLabel(principal),
      },
    });
    return Response.json(row, { status: 201 });
  },
);
