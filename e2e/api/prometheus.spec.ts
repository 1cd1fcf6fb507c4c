// GET /api/metrics is a valid Prometheus exposition (checked by promtool) behind an API token.
import { spawnSync } from 'node:child_process';
import { request } from '@playwright/test';
import { SQLITE_URL } from '../credentials';
import { expect, test } from '../fixtures';

test.use({ storageState: { cookies: [], origins: [] } });

test('the exposition needs a token and passes promtool', async ({ adminApi }) => {
  const anon = await request.newContext({ baseURL: SQLITE_URL });
  const refused = await anon.get('/api/metrics');
  expect(refused.status()).toBe(401);
  const { token } = await (
    await adminApi.send('POST', '/api/tokens', { name: `prometheus-${Date.now()}`, role: 'viewer' })
  ).json();
  for (let i = 0; i < 5; i++) await anon.get('/api/health');
  const res = await anon.get('/api/metrics', { headers: { authorization: `Bearer ${token}` } });
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('text/plain; version=0.0.4');
  const body = await res.text();
  expect(body).toContain('# TYPE redline_http_server_request_duration_seconds histogram');
  const bucket = body
    .split('\n')
    .find(
      (l) =>
        l.startsWith('redline_http_server_request_duration_seconds_bucket{') &&
        l.includes('route="/api/health"') &&
        l.includes('le="0.1"'),
    );
  expect(Number(bucket?.split(' ').pop())).toBeGreaterThanOrEqual(5);
  const check = spawnSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8' });
  expect(check.error, 'promtool must be installed (apt-get install prometheus)').toBeUndefined();
  expect(check.stdout + check.stderr).toBe('');
  expect(check.status).toBe(0);
  await anon.dispose();
});
