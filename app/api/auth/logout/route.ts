import { route } from '@/lib/api/route';
import { clearedCookies } from '@/lib/auth/cookies';
import { deleteSession } from '@/lib/auth/service';

// POST /api/auth/logout – ends the cookie session
export const POST = route({ role: 'viewer', action: 'auth.logout' }, async ({ principal }) => {
  if (principal.kind === 'user') await deleteSession(principal.sessionId);
  const res = Response.json({ ok: true });
  for (const c of clearedCookies()) res.headers.append('set-cookie', c);
  return res;
});
