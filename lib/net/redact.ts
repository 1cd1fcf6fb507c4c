// Pure: a configured URL as the console shows it. Where a URL is itself the credential (a Slack
// incoming webhook, a webhook with a token in its path or query) only its scheme and host are
// shown; where it names an endpoint (a scrape target, a health probe) its path stays and the parts
// that carry credentials — user:password@ and query values — are masked. Nobody, admins included,
// reads a stored secret back: an edit that sends the masked form keeps what was stored.

export const MASK = '•••';
export type UrlKind = 'destination' | 'endpoint';

export function redactUrl(raw: string, kind: UrlKind): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return MASK;
  }
  const origin = `${u.protocol}//${u.host}`;
  if (kind === 'destination')
    return u.pathname === '/' && !u.search && !u.username ? `${origin}/` : `${origin}/${MASK}`;
  const user = u.username || u.password ? `${MASK}@` : '';
  const query = [...u.searchParams.keys()].map((k) => `${encodeURIComponent(k)}=${MASK}`).join('&');
  return `${u.protocol}//${user}${u.host}${u.pathname}${query ? `?${query}` : ''}`;
}

/** The URL to store on an edit: the stored one when the edit sent back its masked form. */
export function keepUnlessChanged(sent: string, stored: string | undefined, kind: UrlKind): string {
  return stored !== undefined && sent === redactUrl(stored, kind) ? stored : sent;
}
