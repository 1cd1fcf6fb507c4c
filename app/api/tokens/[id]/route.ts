import { route } from '@/lib/api/route';
import { revokeToken } from '@/lib/auth/admin';
import { idParams } from '@/lib/auth/schemas';

// DELETE /api/tokens/[id] – revokes a token (admin)
export const DELETE = route({ role: 'admin', params: idParams, action: 'tokens.revoke' }, async ({ params }) => {
  await revokeToken(params.id);
  return { ok: true };
});
