import { route } from '@/lib/api/route';
import { idParams } from '@/lib/auth/schemas';
import { deleteSchedule } from '@/lib/reports/schedule';

// DELETE /api/reports/schedules/[id] – stops a scheduled report (operator)
export const DELETE = route(
  { role: 'operator', params: idParams, action: 'reports.schedule.delete' },
  async ({ params }) => {
    await deleteSchedule(params.id);
    return { ok: true };
  },
);
