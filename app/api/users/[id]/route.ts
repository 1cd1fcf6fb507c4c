import { route } from '@/lib/api/route';
import { deleteUser, updateUser } from '@/lib/auth/admin';
import { idParams, updateUserBody } from '@/lib/auth/schemas';

// PATCH /api/users/[id] – changes name, role, password or disabled (admin)
export const PATCH = route(
  { role: 'admin', params: idParams, body: updateUserBody, action: 'users.update' },
  async ({ params, body }) => updateUser(params.id, body),
);

// DELETE /api/users/[id] – deletes a user; the last admin cannot go (admin)
export const DELETE = route(
  { role: 'admin', params: idParams, action: 'users.delete' },
  async ({ params, principal }) => {
    await deleteUser(params.id, principal.kind === 'user' ? principal.id : undefined);
    return { ok: true };
  },
);
