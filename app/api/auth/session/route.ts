import { route } from '@/lib/api/route';
import { sessionResponse } from '@/lib/auth/schemas';
import { userCount } from '@/lib/auth/service';

// GET /api/auth/session – the signed-in user (or null), its CSRF token, and whether setup is pending
export const GET = route({ role: 'public', response: sessionResponse }, async ({ principal }) => {
  if (principal?.kind === 'user') {
    const { id, email, name, role, csrfToken } = principal;
    return { user: { id, email, name, role }, csrfToken, setupRequired: false };
  }
  return { user: null, csrfToken: null, setupRequired: (await userCount()) === 0 };
});
