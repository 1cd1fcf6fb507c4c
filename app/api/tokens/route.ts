import { route } from '@/lib/api/route';
import { ApiError } from '@/lib/api/errors';
import { listTokens } from '@/lib/auth/admin';
import { createTokenBody } from '@/lib/auth/schemas';
import { createApiToken } from '@/lib/auth/service';

// GET /api/tokens – API tokens, never their secrets (admin)
export const GET = route({ role: 'admin' }, async () => ({ data: await listTokens() }));

// POST /api/tokens – creates a token; the secret is returned once (admin)
export const POST = route(
  { role: 'admin', body: createTokenBody, action: 'tokens.create' },
  async ({ body, principal }) => {
    if (principal.kind !== 'user') throw new ApiError('forbidden', 'Tokens are created by a signed-in admin');
    const expiresAt = body.expiresInDays ? new Date(Date.now() + body.expiresInDays * 86_400_000) : undefined;
    const created = await createApiToken({ name: body.name, role: body.role, createdById: principal.id, expiresAt });
    return Response.json(created, { status: 201 });
  },
);
