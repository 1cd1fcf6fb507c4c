import { route } from '@/lib/api/route';
import { idParams } from '@/lib/auth/schemas';
import { deleteSilence } from '@/lib/alerts/service';

// DELETE /api/alerts/silences/[id] – ends a silence (operator)
export const DELETE = route(
  { role: 'operator', params: idParams, action: 'alerts.silence.delete' },
  async ({ params }) => {
    await deleteSilence(params.id);
    return { ok: true };
  },
);
