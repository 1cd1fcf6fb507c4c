// Who is making a request: a signed-in user (cookie session) or an API token.
import type { Role } from './roles';

export interface UserPrincipal {
  kind: 'user';
  id: string;
  email: string;
  name: string;
  role: Role;
  sessionId: string;
  csrfToken: string;
}
export interface TokenPrincipal {
  kind: 'token';
  id: string;
  name: string;
  role: Role;
}
export type Principal = UserPrincipal | TokenPrincipal;

export const SESSION_COOKIE = 'redline_session';
export const CSRF_COOKIE = 'redline_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const TOKEN_PREFIX = 'rl_';

export function principalLabel(p: Principal | undefined): string {
  if (!p) return 'anonymous';
  return p.kind === 'user' ? p.email : `token:${p.name}`;
}
