// GET /api/health: database, shared store (Redis) and disk. Public, so it says nothing secret.
import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { db, dialect } from '../db';
import { store } from '../redis';

const MIN_FREE_BYTES = 512 * 1024 * 1024;

type Check = { status: 'ok' | 'degraded' | 'down'; latencyMs?: number; detail?: string };

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export async function checkHealth() {
  const database: Check & { provider: string } = { provider: dialect(), status: 'ok' };
  try {
    database.latencyMs = await timed(() => db().$queryRaw`SELECT 1`);
  } catch {
    database.status = 'down';
    database.detail = 'database query failed';
  }
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
  const checks = { database, redis, disk };
  const status =
    database.status === 'down' ? 'down' : Object.values(checks).some((c) => c.status !== 'ok') ? 'degraded' : 'ok';
  return { status, checks, uptimeSeconds: Math.round(process.uptime()), time: new Date().toISOString() };
}
