import { route } from '@/lib/api/route';
import { ApiError } from '@/lib/api/errors';
import { sessionCookies } from '@/lib/auth/cookies';
import { enforceRateLimit } from '@/lib/auth/rate-limit';
import { loginBody } from '@/lib/auth/schemas';
import { authenticate, createSession } from '@/lib/auth/service';
import { config } from '@/lib/config';

// POST /api/auth/login – starts a cookie session; rate-limited per address and per account
export const POST = route({ role: 'public', body: loginBody, action: 'auth.login' }, async ({ body, ip, req }) => {
  const { LOGIN_RATE_LIMIT, LOGIN_RATE_WINDOW } = config();
  await enforceRateLimit(`login:ip:${ip ?? 'unknown'}`, LOGIN_RATE_LIMIT * 5, LOGIN_RATE_WINDOW, 'sign-in attempts from this address');
  await enforceRateLimit(`login:email:${body.email.toLowerCase()}`, LOGIN_RATE_LIMIT, LOGIN_RATE_WINDOW, 'sign-in attempts for this account');
  const user = await authenticate(body.email, body.password);
  if (!user) throw new ApiError('unauthorized', 'Wrong email or password');
  const session = await createSession(user.id, { sourceIp: ip, userAgent: req.headers.get('user-agent') ?? undefined });
  const res = Response.json({ user: { id: user.id, email: user.email, name: user.name, role: user.role }, csrfToken: session.csrfToken });
  for (const c of sessionCookies(session, req.nextUrl.protocol === 'https:')) res.headers.append('set-cookie', c);
  return res;
});
