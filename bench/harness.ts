// Shared pieces of the benchmarks: start Redline (production build) against a fresh database,
// get an API token, and drive HTTP load for a fixed time. Everything targets 127.0.0.1 only and
// stops by itself.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { openSync } from 'node:fs';
import path from 'node:path';
import { heapFlag, serverArgs, serverEnv } from '../lib/server/heap';
import { createTestDatabase } from '../tests/helpers/databases';

export const ROOT = path.resolve(import.meta.dirname, '..');
const ADMIN = { email: 'bench@redline.test', password: 'bench-password-123' };

export interface Server {
  url: string;
  /** the server's process (tsx; the Node process serving is its child) */
  pid: number;
  dbUrl: string;
  provider: 'sqlite' | 'postgresql';
  stop: () => Promise<void>;
}

export async function waitFor(url: string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not come up`);
}

export async function startRedline(
  provider: 'sqlite' | 'postgresql',
  port: number,
  env: Record<string, string> = {},
): Promise<Server> {
  // A fresh database, made and dropped the same way as the integration tests' ones.
  const fresh = await createTestDatabase(provider);
  const dbUrl = fresh.target.provider === 'sqlite' ? `file:${fresh.target.file}` : fresh.target.url;
  const dropDb = fresh.drop;
  // BENCH_NODE_FLAGS: more V8/Node flags for the server (e.g. --trace-gc, which NODE_OPTIONS refuses).
  // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (where did the time go).
  const prof = process.env.BENCH_CPU_PROF;
  const [cmd, args] = prof
    ? [process.execPath, ['--cpu-prof', `--cpu-prof-dir=${prof}`, heapFlag(), '--import', 'tsx', 'server.ts']]
    : [process.execPath, [...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean), ...serverArgs()]];
  const child: ChildProcess = spawn(cmd, args, {
    cwd: ROOT,
    // No fleet unless a bench asks for one: its instances would share the CPU being measured.
    env: {
      ...process.env,
      ...serverEnv(),
      FLEET_PROVIDER: 'none',
      ...env,
      DATABASE_URL: dbUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    },
    // BENCH_SERVER_LOG=<file>: the server's standard output goes there (e.g. with NODE_OPTIONS=--trace-gc).
    stdio: ['ignore', process.env.BENCH_SERVER_LOG ? openSync(process.env.BENCH_SERVER_LOG, 'a') : 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${url}/api/health`);
  } catch (err) {
    child.kill('SIGKILL');
    await dropDb();
    throw err;
  }
  return {
    url,
    pid: child.pid ?? 0,
    dbUrl,
    provider,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await dropDb();
    },
  };
}

/** Signs in as the bench admin and creates an API token with `role`. */
export async function token(url: string, role: 'viewer' | 'operator' | 'admin'): Promise<string> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const res = await fetch(`${url}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken, origin: url },
    body: JSON.stringify({ name: `bench-${Date.now()}`, role: 'admin' === role ? 'admin' : role }),
  });
  return ((await res.json()) as { token: string }).token;
}

export interface LoadResult {
  seconds: number;
  requests: number;
  ok: number;
  retried: number;
  latencies: number[];
}

/** `concurrency` workers send request(i) back to back for `seconds`; 503/429 are retried after a pause. */
export async function drive(
  seconds: number,
  concurrency: number,
  send: (i: number) => Promise<Response>,
): Promise<LoadResult> {
  const end = performance.now() + seconds * 1000;
  const r: LoadResult = { seconds, requests: 0, ok: 0, retried: 0, latencies: [] };
  let i = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const res = await send(i++);
        await res.arrayBuffer();
        r.requests++;
        if (res.status === 503 || res.status === 429) {
          r.retried++;
          await new Promise((s) => setTimeout(s, 25));
          continue;
        }
        if (res.status >= 400) throw new Error(`HTTP ${res.status}`);
        r.ok++;
        r.latencies.push(performance.now() - t0);
      }
    }),
  );
  return r;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * The same-run control: a fixed piece of CPU work (hashing), timed in this process. Run before and
 * after a measurement: if it moved by more than the figure's distance from its target, something
 * else took the machine meanwhile and the figure says nothing either way.
 */
export function controlMs(): number {
  const block = Buffer.alloc(1 << 20, 7);
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    const t = performance.now();
    for (let i = 0; i < 192; i++) createHash('sha256').update(block).digest();
    times.push(performance.now() - t);
  }
  return percentile(times, 50);
}

export interface Control {
  before: number;
  after: number;
  /** |after − before| / before */
  moved: number;
}

export const control = (before: number, after = controlMs()): Control => ({
  before,
  after,
  moved: Math.abs(after - before) / before,
});

/**
 * A figure against its target, as printed: met or not, and by how much — or "too busy to measure"
 * when the control moved more than the figure's distance from the target.
 */
export function verdict(value: number, target: number, better: 'higher' | 'lower', c: Control): string {
  const distance = Math.abs(value - target) / target;
  if (c.moved > distance && c.moved > 0.05)
    return `too busy to measure (the control moved ${(c.moved * 100).toFixed(0)}%, more than the ${(distance * 100).toFixed(0)}% to the target)`;
  const met = better === 'higher' ? value >= target : value <= target;
  return met ? 'met' : `not met (${(distance * 100).toFixed(0)}% ${better === 'higher' ? 'short' : 'over'})`;
}
