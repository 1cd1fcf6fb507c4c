// GET /api/health: database, shared store (Redis) and disk. Public, so it says nothing secret.
import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { db, dialect } from '../db';
import { FLEET_LEASE } from '../fleet/service';
import { peek } from '../process/registry';
import { ADMISSION } from '../server/slots';
import { store } from '../redis';

const MIN_FREE_BYTES = 512 * 1024 * 1024;

type Check = { status: 'ok' | 'degraded' | 'down'; latencyMs?: number; detail?: string };

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

// A health check answers from the last database probe and starts a fresh one when it is over a
// second old (a disk reading: ten), so a load balancer's probe never waits behind a busy database
// connection. Only the first check waits, and a probe that has been running past PROBE_STALL_MS is
// reported as degraded rather than trusted.
let lastDb: { at: number; check: Check & { provider: string } } | undefined;
let lastDisk: { at: number; check: Check & { freeBytes?: number; totalBytes?: number } } | undefined;
let probing: Promise<void> | undefined;
let probeStarted = 0;
const PROBE_STALL_MS = 5_000;

async function probeDatabase(): Promise<void> {
  const check: Check & { provider: string } = { provider: dialect(), status: 'ok' };
  try {
    check.latencyMs = await timed(() => db().$queryRaw`SELECT 1`);
  } catch {
    check.status = 'down';
    check.detail = 'database query failed';
  }
  lastDb = { at: Date.now(), check };
}

export async function checkHealth(maxAgeMs = 1_000) {
  if (!lastDb || Date.now() - lastDb.at > maxAgeMs) {
    if (!probing) {
      probeStarted = Date.now();
      probing = probeDatabase().finally(() => {
        probing = undefined;
      });
    }
    if (!lastDb) await probing;
  }
  const last = (lastDb as { check: Check & { provider: string } }).check;
  const stalled = probing !== undefined && Date.now() - probeStarted > PROBE_STALL_MS;
  const database: Check & { provider: string } = stalled
    ? {
        ...last,
        status: last.status === 'down' ? 'down' : 'degraded',
        detail: 'database probe has not answered for 5 s',
      }
    : last;
  const s = store().status();
  const redis: Check & { mode: string; since?: string } = {
    mode: s.mode,
    status: s.state === 'ok' ? 'ok' : 'degraded',
  };
  if (s.state === 'degraded') {
    redis.detail = 'Redis unreachable; serving from the in-process fallback and reconnecting';
    redis.since = s.degradedSince;
  } else if (s.mode === 'redis') {
    try {
      redis.latencyMs = await store().ping();
    } catch {
      redis.status = 'degraded';
      redis.detail = 'Redis ping failed';
    }
  }
  const disk = lastDisk && Date.now() - lastDisk.at < 10 * maxAgeMs ? lastDisk.check : await readDisk();
  // The fleet lease, where this instance campaigns for it: unconfirmed while the store is away.
  const lease = peek(FLEET_LEASE);
  const fleet: Check | undefined =
    lease && lease.state !== 'free'
      ? {
          status: lease.state === 'held' ? 'ok' : 'degraded',
          detail: lease.detail,
        }
      : undefined;
  const checks = { database, redis, disk, ...(fleet ? { fleet } : {}) };
  const status =
    database.status === 'down' ? 'down' : Object.values(checks).some((c) => c.status !== 'ok') ? 'degraded' : 'ok';
  // Admission control's counts: requests in flight and queued per route class, refused since start.
  const load = peek(ADMISSION)?.stats();
  return { status, checks, load, uptimeSeconds: Math.round(process.uptime()), time: new Date().toISOString() };
}

async function readDisk(): Promise<Check & { freeBytes?: number; totalBytes?: number }> {
  const disk: Check & { freeBytes?: number; totalBytes?: number } = { status: 'ok' };
  try {
    const st = await statfs(path.resolve('data'), {}).catch(() => statfs(process.cwd()));
    disk.freeBytes = st.bavail * st.bsize;
    disk.totalBytes = st.blocks * st.bsize;
    if (disk.freeBytes < MIN_FREE_BYTES) {
      disk.status = 'degraded';
      disk.detail = 'less than 512 MiB free';
    }
  } catch {
    disk.status = 'degraded';
    disk.detail = 'free space unknown';
  }
  lastDisk = { at: Date.now(), check: disk };
  return disk;
}
