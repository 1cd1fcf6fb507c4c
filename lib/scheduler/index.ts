// The process's scheduler instance, created by the boot sequence.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { db } from '../db';
import { store } from '../redis';
import { JOBS } from './jobs';
import { dbRecorder } from './recorder';
import { Scheduler } from './scheduler';
import { once, slot } from '../process/registry';
import { jobTracer } from '../tracing/self';

/** cron jobs and the leader lease */
export const SCHEDULER = slot<Scheduler>('scheduler');

export const INSTANCE_ID = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

export function scheduler(): Scheduler {
  return once(
    SCHEDULER,
    () => new Scheduler(JOBS, store(), dbRecorder(INSTANCE_ID), INSTANCE_ID, undefined, jobTracer),
  );
}

export async function listJobs() {
  const s = scheduler();
  const [recent, last] = await Promise.all([
    db().jobRun.findMany({ orderBy: { id: 'desc' }, take: 200 }),
    s.lastRuns(),
  ]);
  return {
    instanceId: s.instanceId,
    leader: s.isLeader,
    jobs: s.definitions().map((j) => ({
      name: j.name,
      description: j.description,
      cron: j.cron,
      leaderOnly: j.leaderOnly,
      nextRun: s.nextRun(j.name)?.toISOString() ?? null,
      lastRun: last.get(j.name) ?? null,
      runs: recent
        .filter((r) => r.job === j.name)
        .slice(0, 10)
        .map((r) => ({ ...r, details: r.details ? (JSON.parse(r.details) as unknown) : null })),
    })),
  };
}
