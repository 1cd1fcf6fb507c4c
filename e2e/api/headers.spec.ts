// Every answer carries the security headers: every operation of the API reference (called without
// a session, so nothing changes) and every page, with a per-response nonce in the pages' policy.
import { expect, request, test } from '@playwright/test';
import { SQLITE_URL } from '../credentials';

const COMMON = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

test('every API operation and every page answers with the security headers', async () => {
  const anon = await request.newContext({ baseURL: SQLITE_URL, storageState: { cookies: [], origins: [] } });
  try {
    const doc = (await (await anon.get('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const missing: string[] = [];
    const check = (what: string, headers: Record<string, string>, csp: RegExp) => {
      for (const [k, v] of Object.entries(COMMON)) if (headers[k] !== v) missing.push(`${what}: ${k}=${headers[k]}`);
      if (!headers['permissions-policy']?.includes('camera=()')) missing.push(`${what}: permissions-policy`);
      if (!csp.test(headers['content-security-policy'] ?? ''))
        missing.push(`${what}: csp ${headers['content-security-policy']}`);
    };
    for (const [template, ops] of Object.entries(doc.paths)) {
      const url = template.replace(/\{[^}]+\}/g, 'x');
      for (const method of Object.keys(ops)) {
        const res = await anon.fetch(url, { method: method.toUpperCase(), maxRedirects: 0, timeout: 15_000 });
        const csp = url.startsWith('/d/') ? /default-src 'none'/ : /default-src 'none'; frame-ancestors 'none'/;
        check(`${method.toUpperCase()} ${url} (${res.status()})`, res.headers(), csp);
      }
    }
    const nonces = new Set<string>();
    for (const page of ['/login', '/setup', '/overview', '/performance/overview', '/nope']) {
      const res = await anon.get(page, { maxRedirects: 0 });
      const csp = res.headers()['content-security-policy'] ?? '';
      check(
        `page ${page} (${res.status()})`,
        res.headers(),
        /script-src 'self' 'nonce-[^']+' 'strict-dynamic'.*frame-ancestors 'none'/,
      );
      expect(csp).not.toContain("'unsafe-inline' 'strict"); // scripts never inline-allowed
      nonces.add(/'nonce-([^']+)'/.exec(csp)?.[1] ?? '');
    }
    expect(missing).toEqual([]);
    expect(nonces.size).toBe(5); // a fresh nonce per response
  } finally {
    await anon.dispose();
  }
});
