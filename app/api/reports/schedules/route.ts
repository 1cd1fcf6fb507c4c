import { route } from '@/lib/api/route';
import { createSchedule, listSchedules, scheduleBody } from '@/lib/reports/schedule';

// GET /api/reports/schedules – scheduled performance reports
export const GET = route({ role: 'viewer' }, async () => ({ data: await listSchedules() }));

// POST /api/reports/schedules – schedules a daily or weekly report to channels (operator)
export const POST = route(
  { role: 'operator', body: scheduleBody, action: 'reports.schedule.create' },
  async ({ body }) => Response.json(await createSchedule(body), { status: 201 }),
);
