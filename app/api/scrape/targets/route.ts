import { route } from '@/lib/api/route';
import { targetBody } from '@/lib/scrape/schemas';
import { createTarget, listTargets } from '@/lib/scrape/targets';

// GET /api/scrape/targets – Prometheus-format targets with their last scrape status and error
export const GET = route({ role: 'viewer' }, async () => ({ data: await listTargets() }));

// POST /api/scrape/targets – adds a target (admin)
export const POST = route({ role: 'admin', body: targetBody, action: 'scrape.target.create' }, async ({ body }) =>
  Response.json(await createTarget(body), { status: 201 }),
);
