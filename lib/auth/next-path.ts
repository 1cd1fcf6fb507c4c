// Pure: where to go after signing in — the page that was asked for, never another site. Only a path
// on this console is taken ("/performance/api?range=1h"); anything that could leave it
// ("//evil.example", "/\\evil", "https://…", control characters) falls back to the Overview.

export const PATH_HEADER = 'x-redline-path';
export const HOME = '/overview';

export function safeNext(raw: string | null | undefined): string {
  if (!raw || raw.length > 2_000) return HOME;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return HOME;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0x5c) return HOME;
  }
  if (raw === '/login' || raw.startsWith('/login?') || raw.startsWith('/setup')) return HOME;
  return raw;
}

/** The sign-in page's URL for a visitor who asked for `path`. */
export const loginUrl = (path: string | null | undefined) => {
  const next = safeNext(path);
  return next === HOME ? '/login' : `/login?next=${encodeURIComponent(next)}`;
};
