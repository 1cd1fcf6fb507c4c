// Admin operations on users and API tokens.
import { ApiError } from '../api/errors';
import { db } from '../db';
import { forgetResolvedTokens } from './service';
import { hashPassword } from './crypto';
import type { Role } from './roles';

const publicUser = {
  id: true,
  email: true,
  name: true,
  role: true,
  createdAt: true,
  lastLoginAt: true,
  disabledAt: true,
} as const;

export function listUsers() {
  return db().user.findMany({ select: publicUser, orderBy: { createdAt: 'asc' } });
}

/** Refuses changes that would leave no active admin. */
async function assertAdminRemains(excludingUserId: string): Promise<void> {
  const others = await db().user.count({ where: { role: 'admin', disabledAt: null, id: { not: excludingUserId } } });
  if (others === 0) throw new ApiError('conflict', 'At least one active admin must remain');
}

export async function updateUser(
  id: string,
  patch: { name?: string; role?: Role; password?: string; disabled?: boolean },
) {
  const user = await db().user.findUnique({ where: { id } });
  if (!user) throw new ApiError('not_found', 'No such user');
  if (user.role === 'admin' && ((patch.role && patch.role !== 'admin') || patch.disabled)) await assertAdminRemains(id);
  const updated = await db().user.update({
    where: { id },
    data: {
      name: patch.name,
      role: patch.role,
      passwordHash: patch.password ? await hashPassword(patch.password) : undefined,
      disabledAt: patch.disabled === undefined ? undefined : patch.disabled ? new Date() : null,
    },
    select: publicUser,
  });
  // A password change or disabling ends the user's sessions.
  if (patch.password || patch.disabled) await db().session.deleteMany({ where: { userId: id } });
  return updated;
}

export async function deleteUser(id: string, actingUserId: string | undefined): Promise<void> {
  if (id === actingUserId) throw new ApiError('conflict', 'You cannot delete yourself');
  const user = await db().user.findUnique({ where: { id } });
  if (!user) throw new ApiError('not_found', 'No such user');
  if (user.role === 'admin') await assertAdminRemains(id);
  await db().user.delete({ where: { id } });
}

export function listTokens() {
  return db().apiToken.findMany({
    select: {
      id: true,
      name: true,
      prefix: true,
      role: true,
      createdAt: true,
      lastUsedAt: true,
      expiresAt: true,
      revokedAt: true,
      createdBy: { select: { email: true } },
    },
    orderBy: { createdAt: 'desc' },
  });
}

export async function revokeToken(id: string): Promise<void> {
  const res = await db().apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  forgetResolvedTokens(); // refused here at once; other instances within TOKEN_CACHE_MS
  if (res.count === 0) throw new ApiError('not_found', 'No such active token');
}
