// Bad input gets a clear 4xx in the one envelope, the server stays up and nothing is half-written.
import { request } from '@playwright/test';
import { SQLITE_URL } from '../credentials';
import { Api, expect, test } from '../fixtures';

test.use({ storageState: { cookies: [], origins: [] } });

type Case = {
  name: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: string;
  headers?: Record<string, string>;
  status: number;
  code: string;
};

const big = JSON.stringify({ email: 'x@y.z', name: 'x'.repeat(1_100_000), role: 'viewer', password: 'long-enough-1' });

const ADMIN_CASES: Case[] = [
  { name: 'malformed JSON', method: 'POST', path: '/api/users', body: '{"email":', status: 400, code: 'invalid_json' },
  {
    name: 'wrong content type',
    method: 'POST',
    path: '/api/users',
    body: 'email=a',
    headers: { 'content-type': 'text/plain' },
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'body over the limit',
    method: 'POST',
    path: '/api/users',
    body: big,
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: 'schema violation',
    method: 'POST',
    path: '/api/users',
    body: '{"email":"nope"}',
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'unknown field',
    method: 'POST',
    path: '/api/users',
    body: '{"email":"a@b.co","name":"a","role":"viewer","password":"long-enough-1","isRoot":true}',
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'unknown role',
    method: 'POST',
    path: '/api/users',
    body: '{"email":"a@b.co","name":"a","role":"root","password":"long-enough-1"}',
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'duplicate email',
    method: 'POST',
    path: '/api/users',
    body: '{"email":"admin@redline.test","name":"a","role":"viewer","password":"long-enough-1"}',
    status: 409,
    code: 'conflict',
  },
  {
    name: 'unknown query parameter',
    method: 'GET',
    path: '/api/metrics/series?name=x&bogus=1',
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'unknown time range',
    method: 'GET',
    path: '/api/metrics/series?name=x&range=2d',
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'backwards custom range',
    method: 'GET',
    path: '/api/metrics/series?name=x&range=custom&from=5000&to=1000',
    status: 400,
    code: 'bad_request',
  },
  {
    name: 'hostile metric name',
    method: 'GET',
    path: `/api/metrics/series?name=${encodeURIComponent('x\'; DROP TABLE "User";--')}`,
    status: 400,
    code: 'validation_failed',
  },
  { name: 'unknown job', method: 'POST', path: '/api/jobs/nope/run', status: 404, code: 'not_found' },
  {
    name: 'unknown setting',
    method: 'PUT',
    path: '/api/settings',
    body: '{"nope":1}',
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'out-of-range setting',
    method: 'PUT',
    path: '/api/settings',
    body: '{"images.quality.webp":500}',
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'contradicting settings',
    method: 'PUT',
    path: '/api/settings',
    body: '{"scaling.minInstances":50}',
    status: 422,
    code: 'unprocessable',
  },
  {
    name: 'foreign Origin',
    method: 'PUT',
    path: '/api/settings',
    body: '{}',
    headers: { origin: 'https://evil.example' },
    status: 403,
    code: 'cross_site',
  },
  {
    name: 'Origin null',
    method: 'PUT',
    path: '/api/settings',
    body: '{}',
    headers: { origin: 'null' },
    status: 403,
    code: 'cross_site',
  },
  {
    name: 'missing CSRF token',
    method: 'PUT',
    path: '/api/settings',
    body: '{}',
    headers: { 'x-csrf-token': '' },
    status: 403,
    code: 'csrf_failed',
  },
];

test('bad requests get a clear 4xx in the error envelope and change nothing', async ({ adminApi }) => {
  const usersBefore = ((await (await adminApi.get('/api/users')).json()) as { data: unknown[] }).data.length;
  for (const c of ADMIN_CASES) {
    const res = await adminApi.ctx.fetch(c.path, {
      method: c.method,
      data: c.body === undefined ? undefined : Buffer.from(c.body),
      headers: {
        'content-type': 'application/json',
        origin: SQLITE_URL,
        'x-csrf-token': csrfOf(adminApi),
        ...c.headers,
      },
    });
    const body = (await res.json()) as { error?: { code: string; message: string } };
    expect.soft(res.status(), c.name).toBe(c.status);
    expect.soft(body.error?.code, c.name).toBe(c.code);
    expect.soft(body.error?.message, c.name).toBeTruthy();
  }
  const health = await adminApi.get('/api/health');
  expect(health.status()).toBe(200);
  const usersAfter = ((await (await adminApi.get('/api/users')).json()) as { data: unknown[] }).data.length;
  expect(usersAfter).toBe(usersBefore);
  const settings = (await (await adminApi.get('/api/settings')).json()) as { data: { key: string; source: string }[] };
  expect(settings.data.filter((s) => s.source === 'database').map((s) => s.key)).not.toContain('scaling.minInstances');
});

function csrfOf(api: Api): string {
  return (api as unknown as { csrf: string }).csrf;
}

test('authentication and roles: 401 without a principal, 403 for a weaker role, tokens for automation', async ({
  adminApi,
}) => {
  const anon = await request.newContext({ baseURL: SQLITE_URL });
  const r401 = await anon.get('/api/users');
  expect(r401.status()).toBe(401);
  expect((await r401.json()).error.code).toBe('unauthorized');
  expect((await anon.get('/api/health')).status()).toBe(200); // public
  expect((await anon.get('/api/jobs', { headers: { authorization: 'Bearer rl_not-a-token' } })).status()).toBe(401);

  const viewer = await Api.signIn(SQLITE_URL, await adminApi.createUser('viewer'));
  const r403 = await viewer.send('PUT', '/api/settings', { 'scaling.maxInstances': 3 });
  expect(r403.status()).toBe(403);
  expect(await r403.json()).toEqual({
    error: {
      code: 'forbidden',
      message: 'This needs the admin role; you are viewer',
      details: { required: 'admin', actual: 'viewer' },
    },
  });
  expect((await viewer.get('/api/jobs')).status()).toBe(200);

  const created = await adminApi.send('POST', '/api/tokens', { name: 'automation', role: 'operator' });
  const { token } = (await created.json()) as { token: string };
  const run = await anon.post('/api/jobs/retention/run', { headers: { authorization: `Bearer ${token}` } });
  expect(run.status(), await run.text()).toBe(200);
  expect(((await run.json()) as { status: string }).status).toBe('success');
  expect((await anon.put('/api/settings', { headers: { authorization: `Bearer ${token}` }, data: {} })).status()).toBe(
    403,
  );

  const audit = (await (await adminApi.get('/api/audit?pageSize=50')).json()) as {
    data: { action: string; actorLabel: string; outcome: string }[];
  };
  expect(audit.data).toContainEqual(
    expect.objectContaining({ action: 'jobs.run', actorLabel: 'token:automation', outcome: 'success' }),
  );
  expect(audit.data).toContainEqual(expect.objectContaining({ action: 'settings.update', outcome: 'denied' }));
  await viewer.dispose();
  await anon.dispose();
});

test('sign-in attempts are rate-limited per account', async () => {
  const ctx = await request.newContext({ baseURL: SQLITE_URL });
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) {
    const res = await ctx.post('/api/auth/login', { data: { email: 'nobody@redline.test', password: `wrong-${i}` } });
    statuses.push(res.status());
    if (res.status() === 429) {
      expect(Number(res.headers()['retry-after'])).toBeGreaterThan(0);
      expect((await res.json()).error.code).toBe('rate_limited');
    }
  }
  expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
  expect(statuses.slice(10)).toEqual([429, 429]);
  await ctx.dispose();
});

test('setup is closed once a user exists', async ({ page }) => {
  const res = await page.request.post('/api/setup', {
    data: { email: 'late@redline.test', name: 'Late', password: 'late-password-1' },
    headers: { origin: SQLITE_URL },
  });
  expect(res.status()).toBe(409);
  const visit = await page.goto('/setup');
  expect(visit?.status()).toBe(404);
});

test('the session cookie is httpOnly and SameSite; the CSRF cookie is readable by the page', async () => {
  const ctx = await request.newContext({ baseURL: SQLITE_URL });
  const res = await ctx.post('/api/auth/login', {
    data: { email: 'admin@redline.test', password: 'e2e-admin-password' },
  });
  const cookies = res
    .headersArray()
    .filter((h) => h.name.toLowerCase() === 'set-cookie')
    .map((h) => h.value);
  const session = cookies.find((c) => c.startsWith('redline_session='));
  const csrf = cookies.find((c) => c.startsWith('redline_csrf='));
  expect(session).toMatch(/HttpOnly/);
  expect(session).toMatch(/SameSite=Lax/);
  expect(csrf).not.toMatch(/HttpOnly/);
  expect(res.headers()['cache-control']).toBe('private, no-store');
  await ctx.dispose();
});
