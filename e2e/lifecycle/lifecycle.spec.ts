// A real server through a Redis outage, and a graceful shutdown that keeps the last metrics.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { serverArgs } from '../../lib/server/heap';
import { TcpProxy } from '../../tests/helpers/tcp-proxy';
import { ADMIN } from '../credentials';
import { Api, expect, test } from '../fixtures';

const root = path.resolve(import.meta.dirname, '../..');
const PORT = 3104;
const BASE = `http://127.0.0.1:${PORT}`;
const dir = path.join(root, '.e2e/lifecycle');
const redisPort = Number(new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379').port || 6379);

let server: ChildProcess;
let proxy: TcpProxy;
let exited: Promise<number | null>;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  proxy = new TcpProxy(redisPort);
  const proxyPort = await proxy.start();
  server = spawn(process.execPath, serverArgs(), {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(PORT),
      DATABASE_URL: `file:${path.join(dir, 'redline.db')}`,
      REDIS_URL: `redis://127.0.0.1:${proxyPort}`,
      REDIS_KEY_PREFIX: `redline-lifecycle-${Date.now()}:`,
      FLEET_PROVIDER: 'none',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      METRICS_FLUSH_INTERVAL_MS: '60000', // only the shutdown flush can write the last points
    },
    stdio: 'inherit',
  });
  exited = new Promise((resolve) => server.once('exit', (code) => resolve(code)));
  await expect
    .poll(async () => (await fetch(`${BASE}/api/health`).catch(() => null))?.status, { timeout: 120_000 })
    .toBe(200);
});

test.afterAll(async () => {
  if (server.exitCode === null) server.kill('SIGKILL');
  await proxy.stop();
});

test('when Redis goes away the console keeps serving, says so, and recovers by itself', async () => {
  const api = await Api.signIn(BASE);
  expect((await (await api.get('/api/health')).json()).checks.redis).toMatchObject({ mode: 'redis', status: 'ok' });

  await proxy.stop();
  const t0 = Date.now();
  const health = await (await api.get('/api/health')).json();
  expect(health.status).toBe('degraded');
  expect(health.checks.redis.status).toBe('degraded');
  expect(JSON.stringify(health)).not.toContain('redis://');
  const again = await Api.signIn(BASE); // rate limits fall back to this instance
  expect((await again.get('/api/jobs')).status()).toBe(200);
  expect(Date.now() - t0).toBeLessThan(3_000); // nothing waited on Redis
  // Without Redis no instance may believe it leads: the lease is lost at the next renewal.
  await expect
    .poll(async () => ((await (await api.get('/api/jobs')).json()) as { leader: boolean }).leader, { timeout: 15_000 })
    .toBe(false);

  await proxy.start(proxy.port);
  await expect
    .poll(async () => (await (await api.get('/api/health')).json()).checks.redis.status, { timeout: 20_000 })
    .toBe('ok');
  await expect
    .poll(async () => ((await (await api.get('/api/jobs')).json()) as { leader: boolean }).leader, { timeout: 15_000 })
    .toBe(true);
  await Promise.all([api.dispose(), again.dispose()]);
});

test('SIGTERM drains and flushes the last batch of metrics before exit', async () => {
  const api = await Api.signIn(BASE);
  for (let i = 0; i < 25; i++) expect((await api.get('/api/auth/session')).status()).toBe(200);
  server.kill('SIGTERM');
  expect(await exited).toBe(0);
  const db = new Database(path.join(dir, 'redline.db'), { readonly: true });
  const row = db
    .prepare(
      `SELECT COALESCE(SUM("count"), 0) AS n FROM "MetricChunk" WHERE name = 'http_server_request_duration_ms' AND labels LIKE '%"route":"/api/auth/session"%'`,
    )
    .get() as { n: number };
  db.close();
  expect(row.n).toBe(25);
  await api.dispose();
});
