import { route } from '@/lib/api/route';
import { ApiError } from '@/lib/api/errors';
import { sessionCookies } from '@/lib/auth/cookies';
import { assertUnderLimit, countAgainstLimit } from '@/lib/auth/rate-limit';
import { loginBody } from '@/lib/auth/schemas';
import { authenticate, createSession } from '@/lib/auth/service';
import { config } from '@/lib/config';

// POST /api/auth/login – starts a cookie session; failed attempts are limited per address and per account
export const POST = route({ role: 'public', body: loginBody, action: 'auth.login' }, async ({ body, ip, req }) => {
  const { LOGIN_RATE_LIMIT, LOGIN_RATE_WINDOW } = config();
  const byIp = `login:ip:${ip ?? 'unknown'}`;
  const byEmail = `login:email:${body.email.toLowerCase()}`;
  await assertUnderLimit(byIp, LOGIN_RATE_LIMIT * 5, 'failed sign-ins from this address');
  await assertUnderLimit(byEmail, LOGIN_RATE_LIMIT, 'failed sign-ins for this account');
  const user = await authenticate(body.email, body.password);
  if (!user) {
    await Promise.all([countAgainstLimit(byIp, LOGIN_RATE_WINDOW), countAgainstLimit(byEmail, LOGIN_RATE_WINDOW)]);
    throw new ApiError('unauthorized', 'Wrong email or password');
  }
  const session = await createSession(user.id, { sourceIp: ip, userAgent: req.headers.get('user-agent') ?? undefined });
  const res = Response.json({
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
    csrfToken: session.csrfToken,
  });
  for (const c of sessionCookies(session, req.nextUrl.protocol === 'https:')) res.headers.append('set-cookie', c);
  return res;
});
