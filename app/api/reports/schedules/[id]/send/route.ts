import { route } from '@/lib/api/route';
import { idParams } from '@/lib/auth/schemas';
import { publicUrl } from '@/lib/config';
import { sendReport } from '@/lib/reports/schedule';

// POST /api/reports/schedules/[id]/send – sends this report now (operator)
export const POST = route({ role: 'operator', params: idParams, action: 'reports.schedule.send' }, async ({ params }) =>
  sendReport(params.id, publicUrl()),
);
