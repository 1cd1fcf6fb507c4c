import { route } from '@/lib/api/route';
import { db } from '@/lib/db';
import { targetBody } from '@/lib/scrape/schemas';

// GET /api/scrape/targets – Prometheus-format targets with their last scrape status and error
export const GET = route({ role: 'viewer' }, async () => ({
  data: (await db().scrapeTarget.findMany({ orderBy: { name: 'asc' } })).map((t) => ({
    ...t,
    labels: JSON.parse(t.labels) as Record<string, string>,
  })),
}));

// POST /api/scrape/targets – adds a target (admin)
export const POST = route({ role: 'admin', body: targetBody, action: 'scrape.target.create' }, async ({ body }) =>
  Response.json(await db().scrapeTarget.create({ data: { ...body, labels: JSON.stringify(body.labels) } }), {
    status: 201,
  }),
);
