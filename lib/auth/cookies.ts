// Session and CSRF cookies. The session cookie is httpOnly; the CSRF cookie is readable by the
// page so it can echo it in the x-csrf-token header.
import { CSRF_COOKIE, SESSION_COOKIE } from './principal';

export function sessionCookies(
  session: { cookie: string; csrfToken: string; expiresAt: Date },
  secure: boolean,
): string[] {
  const common = `Path=/; SameSite=Lax; Expires=${session.expiresAt.toUTCString()}${secure ? '; Secure' : ''}`;
  return [`${SESSION_COOKIE}=${session.cookie}; HttpOnly; ${common}`, `${CSRF_COOKIE}=${session.csrfToken}; ${common}`];
}

export function clearedCookies(): string[] {
  const gone = 'Path=/; SameSite=Lax; Max-Age=0';
  return [`${SESSION_COOKIE}=; HttpOnly; ${gone}`, `${CSRF_COOKIE}=; ${gone}`];
}
