// Runs bench/proxy.ts from the console: one run at a time across all instances (a lock in the
// shared store), as a child process in a process group of its own with a bounded time, its
// progress lines written to its BenchmarkRun row, its figures stored when it ends. Cancel asks
// the run to stop (its row says so; the instance running it checks every heartbeat), and the
// bench stops nginx and the Redline it started before it exits.
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ApiError } from '../api/errors';
import { db } from '../db';
import { store } from '../redis';
import { INSTANCE_ID } from '../scheduler';
import { freePort } from '../fleet/local-provider';
import { parseBenchLine, PROXY_BENCH_STEPS, proxyBenchResultSchema } from './proxy-result';
import { type BenchName, HEARTBEAT_MS, isLive, isLost, type RunView, runView, tail } from './runs';
import { missingTools } from './tools';
import { once, slot } from '../process/registry';
import { recordFigures } from '../profiling/budgets';

/** benchmark runs this process started */
export const RUNS = slot<Map<number, BenchRunning>>('benchRuns');

const LOCK = (name: BenchName) => `bench:${name}:running`;
/** the lock outlives its holder by this much: a run whose instance died blocks the next for no longer */
const LOCK_TTL_MS = 30_000;
/** beyond the bench's own load time: starting Redline and its fleet, nginx, and stopping them */
const OVERHEAD_MS = 3 * 60_000;

export interface BenchRunning {
  id: number;
  child: ChildProcess;
  cancelled: boolean;
  /** settles once the run's row has its outcome */
  finished?: Promise<void>;
}

const running = (): Map<number, BenchRunning> => once(RUNS, () => new Map());

/** Marks runs whose instance stopped beating as lost, so they neither block nor look alive. */
async function settleLost(name: BenchName): Promise<void> {
  const live = await db().benchmarkRun.findMany({ where: { name, status: { in: ['running', 'cancelling'] } } });
  const now = Date.now();
  for (const r of live) {
    if (!isLost(r, now) || running().has(r.id)) continue;
    await db().benchmarkRun.update({
      where: { id: r.id },
      data: {
        status: 'error',
        finishedAt: new Date(),
        error: `Its instance (${r.instanceId}) stopped reporting; the run was lost`,
      },
    });
  }
}

export async function listRuns(name: BenchName, limit = 10): Promise<RunView[]> {
  await settleLost(name);
  const rows = await db().benchmarkRun.findMany({ where: { name }, orderBy: { id: 'desc' }, take: limit });
  return rows.map(runView);
}

/** The environment a run gets: none of Redline's own (its database, Redis, ports), only what finds programs. */
function childEnv(seconds: number, port: number): NodeJS.ProcessEnv {
  const keep = ['HOME', 'TMPDIR', 'LANG'];
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'production', BENCH_SECONDS: String(seconds), BENCH_PORT: String(port) };
  for (const k of keep) if (process.env[k]) env[k] = process.env[k];
  env.PATH = [process.env.PATH ?? '/usr/bin:/bin', '/usr/sbin', '/usr/local/sbin'].join(path.delimiter);
  return env;
}

/** A console port whose proxy port (+80) is free too. */
async function benchPort(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const p = await freePort();
    if (p + 80 > 65_535) continue;
    const server = net.createServer();
    const free = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(p + 80, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return p;
  }
  throw new ApiError('unavailable', 'No free port pair for the benchmark');
}

export async function startRun(name: BenchName, seconds: number, by: string): Promise<RunView> {
  const missing = missingTools();
  if (missing.length) {
    throw new ApiError(
      'unprocessable',
      `The proxy benchmark needs ${missing.map((m) => m.program).join(', ')}: apt-get install -y ${missing.map((m) => m.pkg).join(' ')}`,
      { missing },
    );
  }
  await settleLost(name);
  const token = `${INSTANCE_ID}:${Date.now()}`;
  if (!(await store().acquire(LOCK(name), token, LOCK_TTL_MS)))
    throw new ApiError('conflict', 'A benchmark run is already going; wait for it or cancel it');
  const live = await db().benchmarkRun.findFirst({ where: { name, status: { in: ['running', 'cancelling'] } } });
  if (live) {
    await store().release(LOCK(name), token);
    throw new ApiError('conflict', `Run ${live.id} is still going; wait for it or cancel it`);
  }
  const now = new Date();
  const row = await db().benchmarkRun.create({
    data: {
      name,
      status: 'running',
      by,
      instanceId: INSTANCE_ID,
      seconds,
      startedAt: now,
      heartbeatAt: now,
      steps: PROXY_BENCH_STEPS,
      stage: 'starting',
    },
  });
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(process.cwd(), 'bench', `${name}.ts`)], {
    cwd: process.cwd(),
    env: childEnv(seconds, await benchPort()),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: hey, wrk and nginx go with it
  });
  const run: BenchRunning = { id: row.id, child, cancelled: false };
  running().set(row.id, run);
  const renew = () => void store().renew(LOCK(name), token, LOCK_TTL_MS);
  run.finished = supervise(run, seconds * PROXY_BENCH_STEPS * 1000 + OVERHEAD_MS, renew).finally(() => {
    running().delete(row.id);
    void store().release(LOCK(name), token);
  });
  return runView(row);
}

async function supervise(run: BenchRunning, deadlineMs: number, beat: () => void): Promise<void> {
  const { child, id } = run;
  const errors: string[] = [];
  let result: unknown = null;
  let progress: { step: number; stage: string } | null = null;
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (l) => tail(errors, l));
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (l) => {
    const msg = parseBenchLine(l);
    if (!msg) return;
    if ('result' in msg) result = msg.result;
    else progress = { step: msg.step, stage: msg.stage };
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (e) => {
      tail(errors, e.message);
      resolve({ code: null, signal: null });
    });
  });
  const started = Date.now();
  let timedOut = false;
  let done = false;
  void exited.then(() => {
    done = true;
  });
  // Every second: progress and heartbeat to the row, the lock renewed, and the row's word on
  // cancelling (which any instance may have written).
  while (!done) {
    await Promise.race([exited, new Promise((r) => setTimeout(r, HEARTBEAT_MS))]);
    if (done) break;
    beat();
    const p = progress as { step: number; stage: string } | null;
    const row = await db()
      .benchmarkRun.update({
        where: { id },
        data: { heartbeatAt: new Date(), ...(p ? { step: p.step, stage: p.stage } : {}) },
      })
      .catch(() => null);
    if (row?.status === 'cancelling') stop(run);
    if (!timedOut && Date.now() - started > deadlineMs) {
      timedOut = true;
      stop(run);
    }
  }
  const { code, signal } = await exited;
  // Whatever the bench left behind in its group (a hey mid-run) goes too.
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {}
  const parsed = proxyBenchResultSchema.safeParse(result);
  const data =
    run.cancelled && !timedOut
      ? { status: 'cancelled', error: null }
      : timedOut
        ? { status: 'error', error: `Stopped after ${Math.round(deadlineMs / 60_000)} min, its time limit` }
        : code === 0 && parsed.success
          ? {
              status: 'success',
              result: JSON.stringify(parsed.data),
              step: PROXY_BENCH_STEPS,
              stage: 'done',
              error: null,
            }
          : {
              status: 'error',
              error: `The benchmark ended (${signal ?? `exit ${code}`}) without figures${errors.length ? `:\n${errors.join('\n')}` : ''}`,
            };
  await db().benchmarkRun.update({ where: { id }, data: { ...data, finishedAt: new Date(), heartbeatAt: new Date() } });
  // Its figures join the regression history (Profiling → Tests, `npm run budgets`).
  if (data.status === 'success' && parsed.success) {
    const figures = [
      { key: 'proxy/addedP99Ms' as const, value: parsed.data.addedP99.redline, runId: String(id) },
      { key: 'proxy/ratio' as const, value: parsed.data.ratio.hey, runId: String(id) },
    ].filter((f): f is { key: 'proxy/addedP99Ms' | 'proxy/ratio'; value: number; runId: string } => f.value !== null);
    if (figures.length)
      await recordFigures(figures).catch((e: Error) => console.error(`[bench] figures: ${e.message}`));
  }
}

/** Asks the bench to clean up and exit (SIGTERM); the whole group is killed 20 s later if it has not. */
function stop(run: BenchRunning): void {
  if (run.cancelled) return;
  run.cancelled = true;
  run.child.kill('SIGTERM');
  const pid = run.child.pid;
  setTimeout(() => {
    try {
      if (pid && run.child.exitCode === null) process.kill(-pid, 'SIGKILL');
    } catch {}
  }, 20_000).unref();
}

export async function cancelRun(id: number): Promise<RunView> {
  const row = await db().benchmarkRun.findUnique({ where: { id } });
  if (!row) throw new ApiError('not_found', `No benchmark run ${id}`, { id: 'unknown run' });
  if (!isLive(row.status)) throw new ApiError('conflict', `Run ${id} has already ended (${row.status})`);
  const updated = await db().benchmarkRun.update({ where: { id }, data: { status: 'cancelling' } });
  const here = running().get(id);
  if (here) stop(here);
  return runView(updated);
}

/** Redline is stopping: runs on this instance are cancelled and waited for (each cleans up its own). */
export async function stopRuns(): Promise<void> {
  const list = [...running().values()];
  for (const r of list) stop(r);
  await Promise.all(list.map((r) => r.finished?.catch(() => undefined)));
}
