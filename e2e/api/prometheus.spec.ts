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

test('span durations from OTLP exports are exposed as a histogram; logs join their trace; unsupported signals answer in OTLP form', async ({
  adminApi,
}) => {
  const { token } = await (
    await adminApi.send('POST', '/api/tokens', { name: `otlp-prom-${Date.now()}`, role: 'operator' })
  ).json();
  const now = BigInt(Date.now()) * 1_000_000n;
  const span = {
    traceId: 'a1'.repeat(16),
    spanId: 'b2'.repeat(8),
    name: 'GET /prom',
    kind: 2,
    startTimeUnixNano: String(now - 40_000_000n),
    endTimeUnixNano: String(now),
    status: { code: 1 },
  };
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'prom-check' } }] },
        scopeSpans: [{ scope: { name: 'e2e', version: '1.2.3' }, spans: [span] }],
      },
    ],
  };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const sent = await fetch(`${SQLITE_URL}/v1/traces`, { method: 'POST', headers, body: JSON.stringify(body) });
  expect(sent.status).toBe(200);
  const exposition = await (
    await fetch(`${SQLITE_URL}/api/metrics`, { headers: { authorization: `Bearer ${token}` } })
  ).text();
  expect(exposition).toContain('# TYPE redline_trace_span_duration_seconds histogram');
  expect(exposition).toMatch(/redline_trace_span_duration_seconds_count\{[^}]*service="prom-check"[^}]*\} 1/);
  // The download keeps each span's instrumentation scope.
  await expect
    .poll(async () => (await adminApi.get(`/api/traces/${span.traceId}`)).status(), { timeout: 10_000 })
    .toBe(200);
  const otlp = (await (await adminApi.get(`/api/traces/${span.traceId}?format=otlp`)).json()) as {
    resourceSpans: { scopeSpans: { scope?: { name: string; version?: string } }[] }[];
  };
  expect(otlp.resourceSpans[0]?.scopeSpans[0]?.scope).toEqual({ name: 'e2e', version: '1.2.3' });
  // Logs over OTLP: stored, and shown with the trace they were written in.
  const log = {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'prom-check' } }] },
        scopeLogs: [
          {
            logRecords: [
              {
                timeUnixNano: String(now - 20_000_000n),
                severityNumber: 17,
                severityText: 'ERROR',
                body: { stringValue: 'payment gateway timed out' },
                traceId: span.traceId,
                spanId: span.spanId,
              },
            ],
          },
        ],
      },
    ],
  };
  const logged = await fetch(`${SQLITE_URL}/v1/logs`, { method: 'POST', headers, body: JSON.stringify(log) });
  expect(logged.status).toBe(200);
  const withLogs = (await (await adminApi.get(`/api/traces/${span.traceId}`)).json()) as {
    logs: { body: string; spanId: string; severityNumber: number }[];
  };
  expect(withLogs.logs).toEqual([
    expect.objectContaining({ body: 'payment gateway timed out', spanId: span.spanId, severityNumber: 17 }),
  ]);
  const anonymous = await fetch(`${SQLITE_URL}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(log),
  });
  expect(anonymous.status).toBe(401);
  // Metrics over OTLP: 501 with a Status naming what is missing, in the request's encoding.
  const res = await fetch(`${SQLITE_URL}/v1/metrics`, { method: 'POST', headers, body: '{"resourceMetrics":[]}' });
  expect(res.status).toBe(501);
  expect(res.headers.get('content-type')).toBe('application/json');
  const status = (await res.json()) as { code: number; message: string };
  expect(status.code).toBe(12);
  expect(status.message).toContain('OTLP metrics are not accepted yet');
});
