import { route } from '@/lib/api/route';
import { idParams } from '@/lib/auth/schemas';
import { db } from '@/lib/db';

// DELETE /api/alerts/silences/[id] – ends a silence (operator)
export const DELETE = route(
  { role: 'operator', params: idParams, action: 'alerts.silence.delete' },
  async ({ params }) => {
    await db().alertSilence.delete({ where: { id: params.id } });
    return { ok: true };
  },
);
