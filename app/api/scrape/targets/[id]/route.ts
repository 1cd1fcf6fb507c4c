import { route } from '@/lib/api/route';
import { idParams } from '@/lib/auth/schemas';
import { targetBody } from '@/lib/scrape/schemas';
import { deleteTarget, updateTarget } from '@/lib/scrape/targets';

// PUT /api/scrape/targets/[id] – replaces a target (admin)
export const PUT = route(
  { role: 'admin', params: idParams, body: targetBody, action: 'scrape.target.update' },
  async ({ params, body }) => updateTarget(params.id, body),
);

// DELETE /api/scrape/targets/[id] – removes a target (admin)
export const DELETE = route({ role: 'admin', params: idParams, action: 'scrape.target.delete' }, async ({ params }) => {
  await deleteTarget(params.id);
  return { ok: true };
});
