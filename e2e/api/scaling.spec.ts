// The fleet over real HTTP: two sample-service processes behind the proxy (port + 80), the
// load-balancer API and the scaling API, the autoscaler reacting to real traffic
// with an explained decision, an instance killed and ejected, and clear refusals of bad input.
import http from 'node:http';
import { expect, test } from '../fixtures';

test.use({ storageState: { cookies: [], origins: [] } });

const PROXY = 'http://127.0.0.1:3180';
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
function hit(path = '/?work=0'): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = http.get(`${PROXY}${path}`, { agent }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', () => resolve({ status: 0, body: '' }));
  });
}

interface Stats {
  totals: { rps: number; healthy: number };
  backends: { id: string; health: { status: string }; requests: number; weight: number; enabled: boolean }[];
  instances: { id: string; pid: number | null; state: string; restarts: number }[];
  desired: number;
}

test('the fleet serves through the proxy; the load-balancer API shows, changes and refuses', async ({ adminApi }) => {
  const stats = async () =>
    (await (await adminApi.get('/api/optimization/load-balancer?action=stats')).json()) as Stats;
  await expect
    .poll(async () => (await stats()).backends.filter((b) => b.health.status === 'up').length, { timeout: 30_000 })
    .toBe(2);
  const seen = new Set<string>();
  for (let i = 0; i < 20; i++) {
    const r = await hit();
    expect(r.status).toBe(200);
    seen.add((JSON.parse(r.body) as { id: string }).id);
  }
  expect(seen.size).toBe(2); // spread over both instances
  const cfg = await (await adminApi.get('/api/optimization/load-balancer?action=config')).json();
  expect(cfg).toMatchObject({
    algorithm: 'least-connections',
    proxyUrl: PROXY,
    healthCheck: { path: '/health', intervalMs: 500 },
    autoScaling: { minInstances: 2, maxInstances: 4 },
  });

  const [first] = (await stats()).backends;
  const one = await (await adminApi.get(`/api/optimization/load-balancer?action=server&serverId=${first?.id}`)).json();
  expect(one).toMatchObject({ id: first?.id, source: 'fleet', health: { status: 'up' } });
  expect(
    (
      await adminApi.send('PUT', '/api/optimization/load-balancer', {
        action: 'set-weight',
        serverId: first?.id,
        weight: 3,
      })
    ).status(),
  ).toBe(200);
  await expect.poll(async () => (await stats()).backends.find((b) => b.id === first?.id)?.weight).toBe(3);
  expect(
    (
      await adminApi.send('PUT', '/api/optimization/load-balancer', {
        action: 'set-algorithm',
        algorithm: 'weighted-round-robin',
      })
    ).status(),
  ).toBe(200);
  const counts: Record<string, number> = {};
  for (let i = 0; i < 40; i++) {
    const id = (JSON.parse((await hit()).body) as { id: string }).id;
    counts[id] = (counts[id] ?? 0) + 1;
  }
  expect(counts[first?.id as string]).toBe(30); // weights 3:1, smooth weighted round-robin
  await adminApi.send('PUT', '/api/optimization/load-balancer', {
    action: 'set-weight',
    serverId: first?.id,
    weight: 1,
  });
  await adminApi.send('PUT', '/api/optimization/load-balancer', {
    action: 'set-algorithm',
    algorithm: 'least-connections',
  });

  const refusals: [string, 'GET' | 'PUT' | 'POST', unknown, number, RegExp][] = [
    ['unknown action', 'PUT', { action: 'explode' }, 400, /action is one of/],
    ['bad weight', 'PUT', { action: 'set-weight', serverId: first?.id, weight: 0 }, 400, /weight is 1–100/],
    [
      'non-numeric weight',
      'PUT',
      { action: 'set-weight', serverId: first?.id, weight: 'heavy' },
      400,
      /weight is a number/,
    ],
    ['unknown server', 'PUT', { action: 'enable', serverId: 'nope' }, 404, /No server nope/],
    ['unknown algorithm', 'PUT', { action: 'set-algorithm', algorithm: 'fastest' }, 400, /algorithm is one of/],
    ['bad split', 'PUT', { action: 'set-split', split: { stable: -1 } }, 400, /0–100/],
    [
      'bad server url',
      'POST',
      { action: 'add-servers', servers: [{ id: 'x', url: 'ftp://x' }] },
      400,
      /scheme:\/\/host:port only|http/,
    ],
  ];
  for (const [what, method, body, status, message] of refusals) {
    const r =
      method === 'GET'
        ? await adminApi.get(String(body))
        : await adminApi.send(method, '/api/optimization/load-balancer', body);
    expect(r.status(), what).toBe(status);
    expect(JSON.stringify(await r.json()), what).toMatch(message);
  }
  expect((await adminApi.get('/api/optimization/load-balancer?action=server&serverId=nope')).status()).toBe(404);
});

test('manual scaling is recorded; the autoscaler reacts to real traffic and explains itself', async ({ adminApi }) => {
  const scaling = async () =>
    (await (await adminApi.get('/api/performance/scaling?range=1h')).json()) as {
      current: number;
      desired: number;
      decisions: {
        trigger: string;
        summary: string;
        after: number;
        readyMs: number | null;
        detail: { policies: { why: string }[] };
      }[];
      config: { policies: unknown[] };
    };
  // From two (whatever earlier specs left), up by one.
  await adminApi.send('POST', '/api/performance/scale', { action: 'scale_to', instances: 2, holdMinutes: 0 });
  await expect.poll(async () => (await scaling()).current, { timeout: 30_000 }).toBe(2);
  const up = await adminApi.send('POST', '/api/performance/scale', {
    action: 'scale_up',
    instances: 1,
    holdMinutes: 0,
  });
  expect(up.status(), await up.text()).toBe(200);
  await expect.poll(async () => (await scaling()).current, { timeout: 30_000 }).toBe(3);
  const manual = (await scaling()).decisions.find((d) => d.trigger === 'manual' && d.after === 3);
  expect(manual?.summary).toMatch(/^Manual: 2 → 3 by /);
  await expect
    .poll(
      async () => (await scaling()).decisions.find((d) => d.trigger === 'manual' && d.after === 3)?.readyMs ?? null,
      { timeout: 20_000 },
    )
    .not.toBeNull();

  for (const [body, status] of [
    [{ action: 'scale_to', instances: 99 }, 422],
    [{ action: 'scale_up', instances: 'two' }, 400],
    [{ action: 'grow' }, 400],
  ] as const) {
    expect((await adminApi.send('POST', '/api/performance/scale', body)).status(), JSON.stringify(body)).toBe(status);
  }
  const forecast = await (await adminApi.get('/api/performance/scaling/forecast')).json();
  expect(forecast).toMatchObject({ status: 'insufficient', needSteps: 48 });
  expect((await adminApi.get('/api/performance/scaling/forecast?season=1y')).status()).toBe(400);
  const bt = await adminApi.send('POST', '/api/performance/scaling/backtest', { range: '1h', sloCpuPct: 90 });
  expect(bt.status(), await bt.text()).toBe(200);
  expect((await bt.json()).minutes).toBeGreaterThan(0);
  expect((await adminApi.send('POST', '/api/performance/scaling/backtest', { range: 'forever' })).status()).toBe(400);
  expect(
    (
      await adminApi.send('POST', '/api/performance/scaling/backtest', {
        config: { policies: [{ id: 'x', name: 'x', metric: 'cpu', kind: 'target' }] },
      })
    ).status(),
  ).toBe(400);
  const contradiction = await adminApi.send('PUT', '/api/performance/scaling', { minInstances: 5, maxInstances: 2 });
  expect(contradiction.status()).toBeGreaterThanOrEqual(400);
  expect(JSON.stringify(await contradiction.json())).toMatch(/minInstances/);

  // A request-rate target of 5 req/s per instance, no scale-up cooldown: real traffic asks for more.
  try {
    const put = await adminApi.send('PUT', '/api/performance/scaling', {
      scaleUpCooldownMs: 0,
      policies: [{ id: 'rps', name: 'Requests per instance', metric: 'requestRate', kind: 'target', target: 5 }],
    });
    expect(put.status(), await put.text()).toBe(200);
    let stop = false;
    const load = (async () => {
      while (!stop) {
        await Promise.all(Array.from({ length: 4 }, () => hit('/?work=1')));
        await new Promise((r) => setTimeout(r, 40));
      }
    })();
    try {
      await expect
        .poll(
          async () => (await scaling()).decisions.find((d) => d.trigger === 'auto' && d.after === 4)?.summary ?? '',
          { timeout: 40_000 },
        )
        .toMatch(/^Scale up 3 → 4 \(policies ask \d+\)/);
    } finally {
      stop = true;
      await load;
    }
    const auto = (await scaling()).decisions.find((d) => d.trigger === 'auto' && d.after === 4);
    expect(auto?.detail.policies[0]?.why).toMatch(/^average [\d.]+ over 10 s against target 5: 3 × [\d.]+ \/ 5 → \d+$/);
    await expect.poll(async () => (await scaling()).current, { timeout: 30_000 }).toBe(4);
  } finally {
    // Back to a quiet fleet for the other specs: no policies, two instances held.
    await adminApi.send('PUT', '/api/performance/scaling', { scaleUpCooldownMs: 15_000, policies: [] });
    await adminApi.send('POST', '/api/performance/scale', { action: 'scale_to', instances: 2, holdMinutes: 60 });
  }
  await expect.poll(async () => (await scaling()).current, { timeout: 30_000 }).toBe(2);
});

test('an instance killed under load is ejected and restarted; clients see no errors', async ({ adminApi }) => {
  const stats = async () =>
    (await (await adminApi.get('/api/optimization/load-balancer?action=stats')).json()) as Stats;
  await expect
    .poll(async () => (await stats()).backends.filter((b) => b.health.status === 'up').length, { timeout: 30_000 })
    .toBe(2);
  const victim = (await stats()).instances.find((i) => i.state === 'running');
  expect(victim?.pid).toBeTruthy();
  let stop = false;
  const statuses: number[] = [];
  const load = Promise.all(
    Array.from({ length: 4 }, async () => {
      while (!stop) statuses.push((await hit()).status);
    }),
  );
  await new Promise((r) => setTimeout(r, 300));
  process.kill(victim?.pid as number, 'SIGKILL');
  await expect
    .poll(async () => (await stats()).backends.find((b) => b.id === victim?.id)?.health.status, {
      timeout: 5_000,
      intervals: [100],
    })
    .toBe('down');
  await new Promise((r) => setTimeout(r, 500));
  stop = true;
  await load;
  expect(statuses.length).toBeGreaterThan(50);
  expect(statuses.filter((s) => s !== 200)).toEqual([]);
  await expect
    .poll(async () => (await stats()).instances.find((i) => i.id === victim?.id)?.restarts, { timeout: 20_000 })
    .toBe(1);
  await expect
    .poll(async () => (await stats()).backends.find((b) => b.id === victim?.id)?.health.status, { timeout: 20_000 })
    .toBe('up');
});
