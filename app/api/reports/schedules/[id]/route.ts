import { route } from '@/lib/api/route';
import { idParams } from '@/lib/auth/schemas';
import { db } from '@/lib/db';

// DELETE /api/reports/schedules/[id] – stops a scheduled report (operator)
export const DELETE = route(
  { role: 'operator', params: idParams, action: 'reports.schedule.delete' },
  async ({ params }) => {
    await db().reportSchedule.delete({ where: { id: params.id } });
    return { ok: true };
  },
);
