// A real server offered far more than it can serve: 256 connections at once on a page and on
// metric ingest. Past its limits it sheds with 503 + Retry-After at once, health checks keep
// answering, and every point it accepted reaches the database.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { serverArgs } from '../../lib/server/heap';
import { ADMIN } from '../credentials';
import { Api, expect, test } from '../fixtures';

const root = path.resolve(import.meta.dirname, '../..');
const PORT = 3106;
const BASE = `http://127.0.0.1:${PORT}`;
const dir = path.join(root, '.e2e/overload');
const dbFile = path.join(dir, 'redline.db');
let server: ChildProcess;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  server = spawn(process.execPath, serverArgs(), {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(PORT),
      DATABASE_URL: `file:${dbFile}`,
      FLEET_PROVIDER: 'none',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    },
    stdio: 'inherit',
  });
  await expect
    .poll(async () => (await fetch(`${BASE}/api/health`).catch(() => null))?.status, { timeout: 120_000 })
    .toBe(200);
});

test.afterAll(async () => {
  if (server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
});

interface Answer {
  status: number;
  ms: number;
  retryAfter?: string;
  body: string;
}

function burst(
  n: number,
  opts: { path: string; method: string; headers: Record<string, string>; body?: string },
): Promise<Answer[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: n });
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<Answer>((resolve) => {
          const t0 = performance.now();
          const req = http.request(
            `${BASE}${opts.path}`,
            { method: opts.method, headers: opts.headers, agent },
            (res) => {
              let body = '';
              res.on('data', (c: Buffer) => (body += c.toString()));
              res.on('end', () =>
                resolve({
                  status: res.statusCode ?? 0,
                  ms: performance.now() - t0,
                  retryAfter: res.headers['retry-after'] as string | undefined,
                  body,
                }),
              );
            },
          );
          req.on('error', () => resolve({ status: 0, ms: performance.now() - t0, body: '' }));
          req.end(opts.body);
        }),
    ),
  ).finally(() => agent.destroy());
}

async function healthWhile<T>(work: Promise<T>): Promise<{ result: T; health: number[] }> {
  const health: number[] = [];
  let done = false;
  const probing = (async () => {
    while (!done) {
      const t0 = performance.now();
      const r = await fetch(`${BASE}/api/health`);
      await r.arrayBuffer();
      expect(r.status).toBe(200);
      health.push(performance.now() - t0);
      await new Promise((s) => setTimeout(s, 50));
    }
  })();
  const result = await work;
  done = true;
  await probing;
  return { result, health };
}

test('256 page requests at once: the excess is shed at once with Retry-After, health keeps answering', async () => {
  const api = await Api.signIn(BASE, ADMIN);
  const cookie = await api.cookieHeader();
  // The page's first renders compile and warm it; what is measured is overload, not a cold start.
  for (let i = 0; i < 3; i++) await (await fetch(`${BASE}/overview`, { headers: { cookie } })).arrayBuffer();
  const { result, health } = await healthWhile(burst(256, { path: '/overview', method: 'GET', headers: { cookie } }));
  await api.dispose();
  const shed = result.filter((a) => a.status === 503);
  expect(result.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
  expect(shed.length).toBeGreaterThan(100);
  expect(shed.every((a) => Number(a.retryAfter) >= 1)).toBe(true);
  // Refusals never wait for the backlog: they leave before the requests that were let in. They do
  // wait for the event loop, which the admitted renders hold: ~0.3 s median on an idle machine, up
  // to ~1.3 s when the suite's other servers share the two cores (the bound leaves room for that).
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  const refused = median(shed.map((a) => a.ms));
  const served = median(result.filter((a) => a.status === 200).map((a) => a.ms));
  console.log(
    `${shed.length} of 256 shed, median refusal ${refused.toFixed(0)} ms, median served ${served.toFixed(0)} ms, worst health ${Math.max(...health).toFixed(0)} ms`,
  );
  expect(refused).toBeLessThan(2_500);
  expect(refused).toBeLessThan(served);
  // Health is answered ahead of the queue but by the same event loop (before: no answer in 30 s).
  expect(Math.max(...health)).toBeLessThan(2_500);
  // And it serves normally again once the burst is over.
  await expect
    .poll(async () => (await fetch(`${BASE}/overview`, { redirect: 'manual' })).status, { timeout: 15_000 })
    .toBeLessThan(500);
});

test('256 ingest batches at once: shed or accepted, and every accepted point is stored', async () => {
  const api = await Api.signIn(BASE, ADMIN);
  const res = await api.send('POST', '/api/tokens', { name: 'overload', role: 'operator' });
  const { token } = (await res.json()) as { token: string };
  await api.dispose();
  const now = Date.now();
  const body = JSON.stringify({
    metrics: Array.from({ length: 1_000 }, (_, i) => ({
      name: 'overload_test',
      type: 'gauge',
      value: i,
      timestamp: now - i,
    })),
  });
  const { result } = await healthWhile(
    burst(256, {
      path: '/api/ingest/metrics',
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    }),
  );
  expect(result.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
  const accepted = result
    .filter((a) => a.status === 200)
    .reduce((n, a) => n + (JSON.parse(a.body) as { accepted: number }).accepted, 0);
  expect(accepted).toBeGreaterThan(0);
  expect(result.filter((a) => a.status === 503).every((a) => Number(a.retryAfter) >= 1)).toBe(true);
  await expect
    .poll(
      () => {
        const db = new Database(dbFile, { readonly: true });
        const n = (
          db.prepare(`SELECT COALESCE(SUM("count"), 0) AS n FROM "MetricChunk" WHERE name = 'overload_test'`).get() as {
            n: number;
          }
        ).n;
        db.close();
        return n;
      },
      { timeout: 60_000 },
    )
    .toBe(accepted);
});
