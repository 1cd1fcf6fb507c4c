import { route } from '@/lib/api/route';
import { db } from '@/lib/db';
import { scheduleBody } from '@/lib/reports/schedule';

// GET /api/reports/schedules – scheduled performance reports
export const GET = route({ role: 'viewer' }, async () => ({
  data: (await db().reportSchedule.findMany({ orderBy: { name: 'asc' } })).map((s) => ({
    ...s,
    channelIds: JSON.parse(s.channelIds) as string[],
  })),
}));

// POST /api/reports/schedules – schedules a daily or weekly report to channels (operator)
export const POST = route(
  { role: 'operator', body: scheduleBody, action: 'reports.schedule.create' },
  async ({ body }) =>
    Response.json(
      await db().reportSchedule.create({ data: { ...body, channelIds: JSON.stringify(body.channelIds) } }),
      { status: 201 },
    ),
);
