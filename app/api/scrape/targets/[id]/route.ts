import { route } from '@/lib/api/route';
import { idParams } from '@/lib/auth/schemas';
import { db } from '@/lib/db';
import { targetBody } from '@/lib/scrape/schemas';

// PUT /api/scrape/targets/[id] – replaces a target (admin)
export const PUT = route(
  { role: 'admin', params: idParams, body: targetBody, action: 'scrape.target.update' },
  async ({ params, body }) =>
    db().scrapeTarget.update({ where: { id: params.id }, data: { ...body, labels: JSON.stringify(body.labels) } }),
);

// DELETE /api/scrape/targets/[id] – removes a target (admin)
export const DELETE = route({ role: 'admin', params: idParams, action: 'scrape.target.delete' }, async ({ params }) => {
  await db().scrapeTarget.delete({ where: { id: params.id } });
  return { ok: true };
});
