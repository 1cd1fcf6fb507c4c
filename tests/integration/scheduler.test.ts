// The scheduler on a shared Redis: one leader among instances, no overlapping runs, failover.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisStore } from '@/lib/redis/redis-store';
import { runAs, type SelfTrace, traceChild } from '@/lib/observability/context';
import { type JobDefinition, type JobTracer, type RunRecorder, Scheduler } from '@/lib/scheduler/scheduler';
import { jobTracer } from '@/lib/tracing/self';
import { REDIS_URL } from '../helpers/databases';

const stores: RedisStore[] = [];
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
});

function recorder(): RunRecorder & { runs: { job: string; status?: string }[] } {
  const runs: { job: string; status?: string }[] = [];
  return {
    runs,
    started: async (job, _trigger, keep) => (keep ? runs.push({ job }) - 1 : null),
    finished: async (id, _job, o) => {
      const run = id === null ? undefined : runs[id];
      if (run) run.status = o.status;
    },
  };
}

async function instance(prefix: string, jobs: JobDefinition[], id: string, leaseMs = 600, tracer?: JobTracer) {
  const store = new RedisStore({ url: REDIS_URL, keyPrefix: prefix, log: () => undefined });
  stores.push(store);
  expect(await store.ready(5_000)).toBe(true);
  const rec = recorder();
  return { scheduler: new Scheduler(jobs, store, rec, id, leaseMs, tracer), rec };
}

describe('scheduler with several instances on one Redis', () => {
  it('elects exactly one leader, runs leader-only jobs there only, and fails over', async () => {
    const prefix = `redline-test:${randomUUID().slice(0, 8)}:`;
    const job: JobDefinition = {
      name: 'tick',
      description: '',
      cron: '0 0 1 1 *',
      leaderOnly: true,
      timeoutMs: 5_000,
      run: async () => ({ ok: true }),
    };
    const a = await instance(prefix, [job], 'A');
    const b = await instance(prefix, [job], 'B');
    await a.scheduler.start();
    await b.scheduler.start();
    expect([a.scheduler.isLeader, b.scheduler.isLeader].filter(Boolean)).toHaveLength(1);
    const [leader, follower] = a.scheduler.isLeader ? [a, b] : [b, a];

    expect(await follower.scheduler.trigger('tick', 'schedule')).toEqual({
      status: 'skipped',
      reason: 'not the leader',
    });
    expect(await leader.scheduler.trigger('tick', 'schedule')).toMatchObject({
      status: 'success',
      details: { ok: true },
    });
    expect(leader.rec.runs).toEqual([{ job: 'tick', status: 'success' }]);

    await leader.scheduler.stop(); // releases the lease
    for (let i = 0; i < 30 && !follower.scheduler.isLeader; i++) await new Promise((r) => setTimeout(r, 100));
    expect(follower.scheduler.isLeader).toBe(true);
    await follower.scheduler.stop();
  });

  it('never runs the same job twice at once, and records failures with their message', async () => {
    const prefix = `redline-test:${randomUUID().slice(0, 8)}:`;
    let release: () => void = () => undefined;
    const slow: JobDefinition = {
      name: 'slow',
      description: '',
      cron: '0 0 1 1 *',
      leaderOnly: false,
      timeoutMs: 5_000,
      run: () => new Promise((resolve) => (release = () => resolve(undefined))),
    };
    const failing: JobDefinition = { ...slow, name: 'failing', run: async () => Promise.reject(new Error('boom')) };
    const a = await instance(prefix, [slow, failing], 'A');
    const b = await instance(prefix, [slow, failing], 'B');
    const first = a.scheduler.trigger('slow', 'manual');
    await new Promise((r) => setTimeout(r, 50));
    expect(await b.scheduler.trigger('slow', 'manual')).toEqual({ status: 'skipped', reason: 'already running' });
    release();
    expect((await first).status).toBe('success');
    expect(await b.scheduler.trigger('failing', 'manual')).toMatchObject({ status: 'error', error: 'boom' });
    expect(b.rec.runs).toEqual([{ job: 'failing', status: 'error' }]);
  });

  it('keeps the last run of a quiet job (no row per run), readable from every instance', async () => {
    const prefix = `redline-test:${randomUUID().slice(0, 8)}:`;
    const quiet: JobDefinition = {
      name: 'probe',
      description: '',
      cron: '0 0 1 1 *',
      leaderOnly: false,
      timeoutMs: 5_000,
      quiet: true,
      run: async () => undefined,
    };
    const a = await instance(prefix, [quiet], 'A');
    const b = await instance(prefix, [quiet], 'B');
    expect((await b.scheduler.lastRuns()).get('probe')).toBeNull();
    expect((await a.scheduler.trigger('probe', 'schedule')).status).toBe('success');
    expect(a.rec.runs).toEqual([]); // no kept row for a quiet run
    const last = (await b.scheduler.lastRuns()).get('probe');
    expect(last).toMatchObject({ status: 'success', trigger: 'schedule', instanceId: 'A' });
    expect(Date.now() - Date.parse(last?.startedAt ?? '')).toBeLessThan(5_000);
  });

  it('traces a scheduled run as its own trace and a manual run as a span of the request that started it', async () => {
    const prefix = `redline-test:${randomUUID().slice(0, 8)}:`;
    const ended: { own?: SelfTrace; parent?: SelfTrace; error?: string }[] = [];
    // The real tracer's decisions, with what it ends recorded instead of stored.
    const tracer: JobTracer = {
      begin: (parent) => jobTracer.begin(parent),
      end: (own, parent, run, ms) => {
        ended.push({ own, parent, error: run.error });
        if (parent) jobTracer.end(own, parent, run, ms);
      },
    };
    const job: JobDefinition = {
      name: 'purge',
      description: '',
      cron: '0 0 1 1 *',
      leaderOnly: false,
      timeoutMs: 5_000,
      run: async ({ trigger }) => {
        traceChild({ name: 'DELETE Old', kind: 3, attributes: {} }, 1.5);
        if (trigger === 'manual') throw new Error('disk full');
        return undefined;
      },
    };
    const { scheduler } = await instance(prefix, [job], 'T', 600, tracer);
    expect((await scheduler.trigger('purge', 'schedule')).status).toBe('success');
    const own = ended[0]?.own;
    expect(own?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(own?.children.map((c) => c.name)).toEqual(['DELETE Old']);
    expect(ended[0]?.parent).toBeUndefined();

    const request: SelfTrace = {
      traceId: 'e'.repeat(32),
      spanId: 'f'.repeat(16),
      parentId: null,
      startUs: 0,
      children: [],
    };
    const result = await runAs({ route: '/api/jobs', trace: request }, () => scheduler.trigger('purge', 'manual'));
    expect(result).toMatchObject({ status: 'error', error: 'disk full' });
    expect(ended[1]).toMatchObject({ own: undefined, parent: request, error: 'disk full' });
    // The request's trace: the job's statement, then the job itself as an internal span that failed
    // (the scheduler's own lock commands on Redis are spans of the request too).
    const spans = request.children.filter((c) => !c.name.startsWith('redis '));
    expect(spans.map((c) => [c.name, c.kind, Boolean(c.error)])).toEqual([
      ['DELETE Old', 3, false],
      ['job purge', 1, true],
    ]);
    expect(spans[1]?.attributes).toEqual({ 'job.name': 'purge', 'job.trigger': 'manual' });
  });
});
