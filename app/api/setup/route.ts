import { route } from '@/lib/api/route';
import { ApiError } from '@/lib/api/errors';
import { sessionCookies } from '@/lib/auth/cookies';
import { setupBody } from '@/lib/auth/schemas';
import { createFirstAdmin, createSession, userCount } from '@/lib/auth/service';

// POST /api/setup – creates the first admin; only while no user exists
export const POST = route(
  { role: 'public', body: setupBody, action: 'setup.first-admin', status: 201 },
  async ({ body, ip, req }) => {
    if ((await userCount()) > 0) throw new ApiError('conflict', 'Setup is already complete; sign in instead');
    const user = await createFirstAdmin(body);
    const session = await createSession(user.id, {
      sourceIp: ip,
      userAgent: req.headers.get('user-agent') ?? undefined,
    });
    const res = Response.json({ user, csrfToken: session.csrfToken }, { status: 201 });
    for (const c of sessionCookies(session, req.nextUrl.protocol === 'https:')) res.headers.append('set-cookie', c);
    return res;
  },
);
