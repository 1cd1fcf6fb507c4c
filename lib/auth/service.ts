// Users, sessions and API tokens in the database.
import { ApiError } from '../api/errors';
import { config } from '../config';
import { db } from '../db';
import { once, slot } from '../process/registry';
import { DUMMY_HASH, hashPassword, randomSecret, sha256, verifyPassword } from './crypto';
import { TOKEN_PREFIX, type TokenPrincipal, type UserPrincipal } from './principal';
import { type Role, roleSchema } from './roles';

const publicUser = {
  id: true,
  email: true,
  name: true,
  role: true,
  createdAt: true,
  lastLoginAt: true,
  disabledAt: true,
} as const;

export async function userCount(): Promise<number> {
  return db().user.count();
}

export async function createUser(input: { email: string; name: string; role: Role; password: string }) {
  return db().user.create({
    data: {
      email: input.email.toLowerCase(),
      name: input.name,
      role: input.role,
      passwordHash: await hashPassword(input.password),
    },
    select: publicUser,
  });
}

/**
 * Creates the first admin, once. The unique `bootstrap.admin` setting row makes a second
 * concurrent setup fail with a conflict instead of creating two admins.
 */
export async function createFirstAdmin(input: { email: string; name: string; password: string }) {
  const passwordHash = await hashPassword(input.password);
  return db().$transaction(async (tx) => {
    if ((await tx.user.count()) > 0) throw new ApiError('conflict', 'Setup is already complete');
    await tx.setting.create({ data: { key: 'bootstrap.admin', value: JSON.stringify(input.email.toLowerCase()) } });
    return tx.user.create({
      data: { email: input.email.toLowerCase(), name: input.name, role: 'admin', passwordHash },
      select: publicUser,
    });
  });
}

/** On start: the first admin from ADMIN_EMAIL / ADMIN_PASSWORD while no user exists. */
export async function bootstrapAdminFromEnv(): Promise<string | undefined> {
  const { ADMIN_EMAIL, ADMIN_PASSWORD } = config();
  if (!ADMIN_EMAIL || !ADMIN_PASSWORD || (await userCount()) > 0) return undefined;
  try {
    await createFirstAdmin({ email: ADMIN_EMAIL, name: 'Administrator', password: ADMIN_PASSWORD });
    return ADMIN_EMAIL;
  } catch {
    return undefined; // another instance created it first
  }
}

export async function authenticate(email: string, password: string) {
  const user = await db().user.findUnique({ where: { email: email.toLowerCase() } });
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || user.disabledAt) return undefined;
  return user;
}

export async function createSession(userId: string, meta: { sourceIp?: string; userAgent?: string }) {
  const cookie = randomSecret();
  const csrfToken = randomSecret(24);
  const expiresAt = new Date(Date.now() + config().SESSION_TTL);
  await db().$transaction([
    db().session.create({
      data: {
        id: sha256(cookie),
        userId,
        csrfToken,
        expiresAt,
        sourceIp: meta.sourceIp,
        userAgent: meta.userAgent?.slice(0, 256),
      },
    }),
    db().user.update({ where: { id: userId }, data: { lastLoginAt: new Date() } }),
  ]);
  return { cookie, csrfToken, expiresAt };
}

export async function resolveSession(cookie: string): Promise<UserPrincipal | undefined> {
  const session = await db().session.findUnique({ where: { id: sha256(cookie) }, include: { user: true } });
  if (!session || session.expiresAt < new Date() || session.user.disabledAt) return undefined;
  const role = roleSchema.safeParse(session.user.role);
  if (!role.success) return undefined;
  return {
    kind: 'user',
    id: session.user.id,
    email: session.user.email,
    name: session.user.name,
    role: role.data,
    sessionId: session.id,
    csrfToken: session.csrfToken,
  };
}

export async function deleteSession(sessionId: string): Promise<void> {
  await db().session.deleteMany({ where: { id: sessionId } });
}

export async function createApiToken(input: { name: string; role: Role; createdById: string; expiresAt?: Date }) {
  const token = `${TOKEN_PREFIX}${randomSecret()}`;
  const row = await db().apiToken.create({
    data: {
      name: input.name,
      role: input.role,
      createdById: input.createdById,
      expiresAt: input.expiresAt,
      prefix: token.slice(0, 10),
      tokenHash: sha256(token),
    },
  });
  return { token, id: row.id };
}

/** How long a token's lookup is reused: an ingesting service sends many requests a second. */
export const TOKEN_CACHE_MS = 5_000;
/** resolved API tokens by hash, for TOKEN_CACHE_MS (cleared when a token is revoked here) */
const TOKEN_CACHE = slot<Map<string, { principal: TokenPrincipal | undefined; until: number }>>('tokenCache');
const tokenCache = () => once(TOKEN_CACHE, () => new Map());

/** Forgets every resolved token (after a revocation: this instance refuses the token at once). */
export const forgetResolvedTokens = () => tokenCache().clear();

export async function resolveApiToken(token: string): Promise<TokenPrincipal | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const hash = sha256(token);
  const cache = tokenCache();
  const known = cache.get(hash);
  if (known && known.until > Date.now()) return known.principal;
  const { principal, expiresAt } = await lookUpToken(hash);
  if (cache.size >= 1_000) cache.clear();
  // A token that expires within the cache's time is refused from its expiry, not up to 5 s later.
  cache.set(hash, { principal, until: Math.min(Date.now() + TOKEN_CACHE_MS, expiresAt ?? Number.POSITIVE_INFINITY) });
  return principal;
}

async function lookUpToken(hash: string): Promise<{ principal?: TokenPrincipal; expiresAt?: number }> {
  const row = await db().apiToken.findUnique({ where: { tokenHash: hash } });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt < new Date())) return {};
  const role = roleSchema.safeParse(row.role);
  if (!role.success) return {};
  // lastUsedAt is informational: minute precision is enough, so an ingesting service does not
  // cost a write per batch; a failed update must not fail the request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    void db()
      .apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } })
      .catch(() => undefined);
  }
  return {
    principal: { kind: 'token', id: row.id, name: row.name, role: role.data },
    expiresAt: row.expiresAt?.getTime(),
  };
}
