// Every mutating endpoint of the API, 300 generated requests each (bodies from its own schema with
// hostile values mixed in, odd path segments), as an admin, on a server of its own: not one 5xx,
// and the server alive and answering at the end. 503 + Retry-After would be backpressure, not a
// failure; it is counted and shown, and must not be the answer to a request the server could judge.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { serverArgs } from '../../lib/server/heap';
import { type JsonSchema, rng, SchemaFuzzer } from '../../tests/helpers/schema-fuzz';
import { ADMIN } from '../credentials';
import { Api, expect, test } from '../fixtures';

const root = path.resolve(import.meta.dirname, '../..');
const PORT = 3104;
const BASE = `http://127.0.0.1:${PORT}`;
const dir = path.join(root, '.e2e/fuzz');
const RUNS = Number(process.env.FUZZ_ENDPOINT_RUNS ?? 300);

// Endpoints whose valid request starts minutes of work in child processes: their bad input is
// covered by their own specs' error tables.
const SKIP = new Set(['POST /api/benchmarks']);

let server: ChildProcess;

test.beforeAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'media'), { recursive: true });
  server = spawn(process.execPath, serverArgs(), {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(PORT),
      DATABASE_URL: `file:${path.join(dir, 'redline.db')}`,
      FLEET_PROVIDER: 'none',
      MEDIA_ROOT: path.join(dir, 'media'),
      IMAGE_CACHE_DIR: path.join(dir, 'variants'),
      PROFILES_DIR: path.join(dir, 'profiles'),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    },
    stdio: 'inherit',
  });
  await expect
    .poll(async () => (await fetch(`${BASE}/api/health`).catch(() => null))?.status, { timeout: 120_000 })
    .toBe(200);
});

test.afterAll(() => {
  if (server.exitCode === null) server.kill('SIGTERM');
});

type Op = { requestBody?: { content: Record<string, { schema: JsonSchema }> }; responses?: Record<string, unknown> };

test(`${RUNS} generated requests to every mutating endpoint: no 5xx, the server alive`, async () => {
  test.setTimeout(30 * 60_000);
  const admin = await Api.signIn(BASE);
  const created = await admin.send('POST', '/api/tokens', { name: 'fuzz', role: 'admin' });
  const token = ((await created.json()) as { token: string }).token;
  const doc = (await (await admin.get('/api/openapi.json')).json()) as {
    paths: Record<string, Record<string, Op>>;
    components: { schemas: Record<string, JsonSchema> };
  };
  const fuzz = new SchemaFuzzer(doc.components.schemas ?? {}, rng(28));
  const failures: string[] = [];
  const tally = new Map<string, number>();
  let endpoints = 0;
  for (const [p, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) {
      const m = method.toUpperCase();
      if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(m) || SKIP.has(`${m} ${p}`)) continue;
      endpoints++;
      const [type, media] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
      for (let i = 0; i < RUNS; i++) {
        const url = p.replace(/\{\w+\}/g, () => fuzz.segment());
        const body =
          type === undefined
            ? undefined
            : type === 'application/json'
              ? JSON.stringify(fuzz.value(media?.schema))
              : new Uint8Array(randomBytes(Math.floor(Math.random() * 4_096)));
        const res = await fetch(`${BASE}${url}`, {
          method: m,
          headers: { authorization: `Bearer ${token}`, ...(type ? { 'content-type': type } : {}) },
          body,
          signal: AbortSignal.timeout(60_000),
        }).catch((err: Error) => ({ status: 0, headers: new Headers(), text: async () => err.message }));
        const key = `${res.status}`;
        tally.set(key, (tally.get(key) ?? 0) + 1);
        const backpressure = res.status === 503 && res.headers.get('retry-after') !== null;
        // A documented answer is not a failure: the OTLP signals Redline does not take yet answer 501 by design.
        const documented = op.responses?.[String(res.status)] !== undefined && res.status !== 500;
        if (res.status === 0 || (res.status >= 500 && !backpressure && !documented))
          failures.push(`${m} ${url.slice(0, 120)} → ${res.status}: ${(await res.text()).slice(0, 200)}`);
        else await res.text();
      }
    }
  console.log(`fuzzed ${endpoints} endpoints × ${RUNS}: ${JSON.stringify(Object.fromEntries(tally))}`);
  expect(endpoints).toBeGreaterThan(40);
  expect(failures).toEqual([]);
  expect(server.exitCode).toBeNull();
  expect((await fetch(`${BASE}/api/health`)).status).toBe(200);
  await admin.dispose();
});
