// GET /api/health: database, shared store (Redis) and disk. Public, so it says nothing secret.
import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { db, dialect } from '../db';
import { FLEET_LEASE } from '../fleet/service';
import { once, peek, slot } from '../process/registry';
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
interface Probes {
  lastDb?: { at: number; check: Check & { provider: string } };
  lastDisk?: { at: number; check: Check & { freeBytes?: number; totalBytes?: number } };
  probing?: Promise<void>;
  probeStarted: number;
}
/** the last database and disk readings, shared by every bundle that answers /api/health */
const PROBES = slot<Probes>('healthProbes');
const probes = () => once(PROBES, (): Probes => ({ probeStarted: 0 }));
const PROBE_STALL_MS = 5_000;

async function probeDatabase(): Promise<void> {
  const check: Check & { provider: string } = { provider: dialect(), status: 'ok' };
  try {
    check.latencyMs = await timed(() => db().$queryRaw`SELECT 1`);
  } catch {
    check.status = 'down';
    check.detail = 'database query failed';
  }
  probes().lastDb = { at: Date.now(), check };
}

export async function checkHealth(maxAgeMs = 1_000) {
  const p = probes();
  if (!p.lastDb || Date.now() - p.lastDb.at > maxAgeMs) {
    if (!p.probing) {
      p.probeStarted = Date.now();
      p.probing = probeDatabase().finally(() => {
        p.probing = undefined;
      });
    }
    if (!p.lastDb) await p.probing;
  }
  const last = (p.lastDb as { check: Check & { provider: string } }).check;
  const stalled = p.probing !== undefined && Date.now() - p.probeStarted > PROBE_STALL_MS;
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
  const disk = p.lastDisk && Date.now() - p.lastDisk.at < 10 * maxAgeMs ? p.lastDisk.check : await readDisk();
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
  probes().lastDisk = { at: Date.now(), check: disk };
  return disk;
}
