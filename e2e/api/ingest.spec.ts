// Other services send metrics with an API token; bad items are refused one by one.
import { gzipSync } from 'node:zlib';
import { request } from '@playwright/test';
import { SQLITE_URL } from '../credentials';
import { expect, test } from '../fixtures';

test.use({ storageState: { cookies: [], origins: [] } });

let token: string;
test.beforeAll(async () => {
  const { Api } = await import('../fixtures');
  const admin = await Api.signIn(SQLITE_URL);
  token = (
    (await (await admin.send('POST', '/api/tokens', { name: `ingest-${Date.now()}`, role: 'operator' })).json()) as {
      token: string;
    }
  ).token;
  await admin.dispose();
});

async function ingest(body: string | Buffer, headers: Record<string, string> = {}) {
  const ctx = await request.newContext({ baseURL: SQLITE_URL });
  const res = await ctx.post('/api/ingest/metrics', {
    data: Buffer.isBuffer(body) ? body : Buffer.from(body),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
  });
  const json = await res.json();
  await ctx.dispose();
  return { status: res.status(), json, headers: res.headers() };
}

test('a mixed batch stores the valid points and names each rejected item', async ({ adminApi }) => {
  const now = Date.now();
  const metrics = [
    {
      name: 'shop_latency_ms',
      type: 'histogram',
      labels: { service: 'shop', route: '/cart' },
      values: Array.from({ length: 200 }, (_, i) => i + 1),
    },
    { name: 'shop_orders_total', type: 'counter', labels: { service: 'shop' }, value: 4, timestamp: now - 2_000 },
    { name: 'shop_queue', type: 'gauge', value: 'NaN' }, // JSON has no NaN; clients send it as a string
    { name: 'shop queue', type: 'gauge', value: 1 },
    { name: 'shop_queue', type: 'summary', value: 1 },
    { name: 'shop_queue', type: 'gauge', value: 1, labels: { 'not-an-identifier': 'x' } },
    { name: 'shop_queue', type: 'gauge', value: 1, timestamp: now + 86_400_000 },
  ];
  const r = await ingest(JSON.stringify({ metrics }));
  expect(r.status).toBe(200);
  expect(r.json.accepted).toBe(201);
  expect(r.json.rejected.map((x: { index: number }) => x.index)).toEqual([2, 3, 4, 5, 6]);
  expect(r.json.rejected[1].reason).toContain('name');
  expect(r.json.rejected[2].reason).toContain('type');
  expect(r.json.rejected[4].reason).toContain('future');

  await expect
    .poll(
      async () => {
        const s = await (
          await adminApi.get('/api/metrics/series?name=shop_latency_ms&range=15m&groupBy=route&quantiles=0.5,0.95,0.99')
        ).json();
        return s.series?.[0]?.total?.quantiles?.p95 ?? null;
      },
      { timeout: 10_000 },
    )
    .not.toBeNull();
  const s = await (
    await adminApi.get('/api/metrics/series?name=shop_latency_ms&range=15m&groupBy=route&quantiles=0.5,0.95,0.99')
  ).json();
  expect(s.series[0].total.count).toBe(200);
  expect(Math.abs(s.series[0].total.quantiles.p95 - 190) / 190).toBeLessThan(0.02);
});

test('gzip bodies are accepted; the size limit applies after decompression', async () => {
  const ok = await ingest(gzipSync(JSON.stringify({ metrics: [{ name: 'gz_ok', type: 'gauge', value: 1 }] })), {
    'content-encoding': 'gzip',
  });
  expect(ok.status).toBe(200);
  // 20 MB of spaces compress to a few KB; inflated they exceed INGEST_MAX_BODY_BYTES.
  const bomb = gzipSync(
    Buffer.concat([
      Buffer.from('{"metrics":[{"name":"x","type":"gauge","value":1}]'),
      Buffer.alloc(20_000_000, 32),
      Buffer.from('}'),
    ]),
  );
  expect(bomb.length).toBeLessThan(100_000);
  const refused = await ingest(bomb, { 'content-encoding': 'gzip' });
  expect(refused.status).toBe(413);
  expect(refused.json.error.code).toBe('payload_too_large');
  const notGzip = await ingest('{"metrics":[]}', { 'content-encoding': 'gzip' });
  expect(notGzip.status).toBe(400);
  const brotli = await ingest('{}', { 'content-encoding': 'br' });
  expect(brotli.status).toBe(415);
});

test('label-cardinality explosions are capped per metric with a clear message', async () => {
  const burst = (from: number, n: number) =>
    JSON.stringify({
      metrics: Array.from({ length: n }, (_, i) => ({
        name: 'exploding',
        type: 'gauge',
        labels: { user_id: String(from + i) },
        value: 1,
      })),
    });
  const first = await ingest(burst(0, 60)); // the e2e server caps at 50 series per metric
  expect(first.status).toBe(200);
  expect(first.json.accepted).toBe(50);
  expect(first.json.rejected).toHaveLength(10);
  expect(first.json.rejected[0].reason).toContain('METRICS_MAX_SERIES_PER_METRIC');
  const second = await ingest(burst(100, 5));
  expect(second.status).toBe(429);
  expect(second.json.error.details.rejected).toHaveLength(5);
  const known = await ingest(burst(0, 5)); // existing label sets still flow
  expect(known.status).toBe(200);
  expect(known.json.accepted).toBe(5);
});

test('ingestion needs an API token with the operator role', async ({ adminApi }) => {
  const cookie = await adminApi.send('POST', '/api/ingest/metrics', {
    metrics: [{ name: 'x', type: 'gauge', value: 1 }],
  });
  expect(cookie.status()).toBe(403);
  const anon = await request.newContext({ baseURL: SQLITE_URL });
  expect((await anon.post('/api/ingest/metrics', { data: { metrics: [] } })).status()).toBe(401);
  await anon.dispose();
  const empty = await ingest('{"metrics":[]}');
  expect(empty.status).toBe(400);
});
