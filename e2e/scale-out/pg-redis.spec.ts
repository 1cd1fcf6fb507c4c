// The same build on PostgreSQL and Redis, two app instances sharing them.
import { request } from '@playwright/test';
import { PG_URLS } from '../credentials';
import { Api, expect, test } from '../fixtures';

test.beforeAll(async () => {
  // The second instance starts beside the first; wait until it serves too.
  const ctx = await request.newContext();
  await expect
    .poll(async () => (await ctx.get(`${PG_URLS[1]}/api/health`).catch(() => null))?.status(), { timeout: 120_000 })
    .toBe(200);
  await ctx.dispose();
});

test('both instances report PostgreSQL and Redis healthy', async () => {
  const ctx = await request.newContext();
  for (const url of PG_URLS) {
    const health = await (await ctx.get(`${url}/api/health`)).json();
    expect(health.status).toBe('ok');
    expect(health.checks.database.provider).toBe('postgresql');
    expect(health.checks.redis).toMatchObject({ mode: 'redis', status: 'ok' });
  }
  await ctx.dispose();
});

test('a session from one instance works on the other, and exactly one instance leads the scheduler', async () => {
  const a = await Api.signIn(PG_URLS[0]);
  const b = await Api.signIn(PG_URLS[1]);
  const leaders = await Promise.all(
    [a, b].map(async (api) => ((await (await api.get('/api/jobs')).json()) as { leader: boolean }).leader),
  );
  expect(leaders.filter(Boolean)).toHaveLength(1);

  // A user created through instance A can sign in on instance B.
  const user = await a.createUser('operator');
  const op = await Api.signIn(PG_URLS[1], user);
  const run = await op.send('POST', '/api/jobs/retention/run');
  expect(run.status(), await run.text()).toBe(200);
  await Promise.all([a.dispose(), b.dispose(), op.dispose()]);
});

test('sign-in rate limits are shared through Redis across instances', async () => {
  const ctx = await request.newContext();
  const email = `limited-${Date.now()}@redline.test`;
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) {
    const res = await ctx.post(`${PG_URLS[i % 2]}/api/auth/login`, { data: { email, password: 'wrong-password' } });
    statuses.push(res.status());
  }
  expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
  expect(statuses.slice(10)).toEqual([429, 429]);
  await ctx.dispose();
});

test('requests served by one instance are charted by the other', async () => {
  const ctx = await request.newContext();
  for (let i = 0; i < 15; i++) await ctx.get(`${PG_URLS[1]}/api/health`);
  const a = await Api.signIn(PG_URLS[0]);
  await expect
    .poll(
      async () => {
        const r = (await (
          await a.get('/api/metrics/series?name=http_server_request_duration_ms&range=15m&groupBy=route')
        ).json()) as { series: { labels: { route?: string }; total: { count: number } }[] };
        return r.series.find((s) => s.labels.route === '/api/health')?.total.count ?? 0;
      },
      { timeout: 15_000 },
    )
    .toBeGreaterThanOrEqual(15);
  await a.dispose();
  await ctx.dispose();
});

test('live updates: a stream on one instance carries what the other instance measured', async () => {
  const a = await Api.signIn(PG_URLS[0]);
  const controller = new AbortController();
  const res = await fetch(`${PG_URLS[0]}/api/performance/metrics/realtime?names=http_server_request_duration_ms`, {
    headers: { cookie: await a.cookieHeader(), accept: 'text/event-stream' },
    signal: controller.signal,
  });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const ctx = await request.newContext();
  const pump = setInterval(() => void ctx.get(`${PG_URLS[1]}/api/health`).catch(() => undefined), 200);
  let text = '';
  const deadline = Date.now() + 15_000;
  let seen: { instance: string; series: { labels: { route?: string } }[] } | undefined;
  while (!seen && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
    for (const block of text.split('\n\n')) {
      if (!block.startsWith('event: metrics')) continue;
      const data = JSON.parse(block.split('\ndata: ')[1] ?? '{}');
      if (data.series?.some((s: { labels: { route?: string } }) => s.labels.route === '/api/health')) seen = data;
    }
  }
  clearInterval(pump);
  controller.abort();
  expect(seen).toBeDefined();
  const instances = await Promise.all(
    PG_URLS.map(async (u) => (await (await a.ctx.get(`${u}/api/jobs`)).json()).instanceId as string),
  );
  // The health checks went to instance B; the message names the instance that stored them.
  expect(instances[1]).toContain(seen?.instance.split(':')[1] ?? 'missing');
  await a.dispose();
  await ctx.dispose();
});

test('a background image job queued on one instance is worked by both, and seen from either', async () => {
  const a = await Api.signIn(PG_URLS[0]);
  const b = await Api.signIn(PG_URLS[1]);
  // Enough distinct variants that both instances' workers (one slot per core) have something to claim.
  const images = Array.from({ length: 24 }, (_, i) => ({
    src: '/photos/sample.jpg',
    options: { width: 200 + i * 10, format: 'webp' },
  }));
  const created = await a.send('POST', '/api/optimization/images', { action: 'job', images });
  expect(created.status(), await created.text()).toBe(202);
  const { id } = await created.json();
  await expect
    .poll(async () => (await (await b.get(`/api/optimization/images?action=job&id=${id}`)).json()).status, {
      timeout: 60_000,
    })
    .toBe('done');
  const job = await (await b.get(`/api/optimization/images?action=job&id=${id}`)).json();
  expect(job).toMatchObject({ total: 24, done: 24, failed: 0 });
  expect(Object.keys(job.workers)).toHaveLength(2);
});

test('one instance runs the fleet; the other shows it and sends it commands through Redis', async () => {
  const a = await Api.signIn(PG_URLS[0]);
  const b = await Api.signIn(PG_URLS[1]);
  type Stats = { backends: { id: string; health: { status: string }; weight: number }[] };
  const stats = async (api: Api) =>
    (await (await api.get('/api/optimization/load-balancer?action=stats')).json()) as Stats;
  await expect
    .poll(async () => (await stats(a)).backends.filter((x) => x.health.status === 'up').length, { timeout: 60_000 })
    .toBe(2);
  // Both answer with the same fleet: one from memory, the other from the snapshot in Redis.
  await expect
    .poll(
      async () =>
        (await stats(b)).backends
          .map((x) => x.id)
          .sort()
          .join(','),
      { timeout: 10_000 },
    )
    .toBe(
      (await stats(a)).backends
        .map((x) => x.id)
        .sort()
        .join(','),
    );
  const id = (await stats(a)).backends[0]?.id as string;
  for (const api of [a, b]) {
    const w = api === a ? 2 : 3;
    const r = await api.send('PUT', '/api/optimization/load-balancer', {
      action: 'set-weight',
      serverId: id,
      weight: w,
    });
    expect(r.status(), await r.text()).toBe(200);
    await expect
      .poll(async () => (await stats(a)).backends.find((x) => x.id === id)?.weight, { timeout: 10_000 })
      .toBe(w);
  }
  // A refusal made on the owner reaches the other instance's client as the same 4xx.
  const bad = await b.send('PUT', '/api/optimization/load-balancer', { action: 'enable', serverId: 'nope' });
  expect(bad.status()).toBe(404);
});
