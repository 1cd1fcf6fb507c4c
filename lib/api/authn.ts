// Finds the principal of a request (Bearer API token or session cookie) and checks CSRF tokens.
import type { NextRequest } from 'next/server';
import {
  CSRF_HEADER,
  type Principal,
  SESSION_COOKIE,
  type TokenPrincipal,
  type UserPrincipal,
} from '../auth/principal';
import { safeEqual } from '../auth/crypto';
import { resolveApiToken, resolveSession } from '../auth/service';
import { ApiError } from './errors';

export async function authenticateRequest(req: NextRequest): Promise<Principal | undefined> {
  const auth = req.headers.get('authorization');
  if (auth) return authenticateBearer(auth);
  const cookie = req.cookies.get(SESSION_COOKIE)?.value;
  return cookie ? resolveSession(cookie) : undefined;
}

/** An Authorization header's API token; anything but a valid one is refused (401). */
export async function authenticateBearer(auth: string): Promise<TokenPrincipal> {
  const m = /^Bearer\s+(\S+)$/i.exec(auth);
  const principal = m?.[1] ? await resolveApiToken(m[1]) : undefined;
  if (!principal) throw new ApiError('unauthorized', 'The API token is invalid, expired or revoked');
  return principal;
}

/** Cookie sessions must echo their CSRF token in a header on every change. */
export function checkCsrf(req: NextRequest, principal: UserPrincipal): void {
  const sent = req.headers.get(CSRF_HEADER) ?? '';
  if (!sent || !safeEqual(sent, principal.csrfToken)) {
    throw new ApiError('csrf_failed', `Missing or wrong ${CSRF_HEADER} header; reload the page and try again`);
  }
}
