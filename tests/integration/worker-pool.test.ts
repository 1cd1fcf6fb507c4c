// The one worker pool: threads start on demand, bytes move without a copy, and every way a task can
// go wrong (its thread exits, runs out of memory or time, the queue is full) fails that task with a
// reason while the next task runs on a fresh thread.
import { afterEach, describe, expect, it } from 'vitest';
import { PoolError, type PoolOptions, WorkerPool } from '@/lib/process/pool';

const pools: WorkerPool[] = [];
function pool(over: Partial<PoolOptions> = {}): WorkerPool {
  const p = new WorkerPool({
    label: 'test pool',
    entry: 'tests/helpers/pool-tasks.ts',
    maxThreads: 1,
    maxQueue: 4,
    idleTimeoutMs: 5_000,
    ...over,
  });
  pools.push(p);
  return p;
}
const failure = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof PoolError ? e.kind : `other: ${(e as Error).message}`),
  );

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('worker pool', () => {
  it('starts its thread with the first task and moves bytes without a copy', async () => {
    const p = pool();
    expect(p.threads).toBe(0);
    const bytes = new Uint8Array(1_000);
    expect(await p.run('length', bytes, { transfer: [bytes.buffer] })).toBe(1_000);
    expect(bytes.byteLength).toBe(0); // detached: it now belongs to the thread
    expect(p.threads).toBe(1);
  });

  it('passes a task’s own error through', async () => {
    await expect(pool().run('fail', 'broken input')).rejects.toThrow('broken input');
  });

  it('fails the task whose thread exits, and runs the next on a new thread', async () => {
    const p = pool();
    expect(await failure(p.run('exit', null))).toBe('crashed');
    expect(await p.run('length', new Uint8Array(3))).toBe(3);
  });

  it('stops a task past its time and replaces the thread', async () => {
    const p = pool();
    const t0 = Date.now();
    expect(await failure(p.run('spin', 10_000, { timeoutMs: 300 }))).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(await p.run('length', new Uint8Array(2))).toBe(2);
  });

  it('fails a task that needs more than the thread’s heap', async () => {
    const p = pool({ resourceLimits: { maxOldGenerationSizeMb: 64 } });
    expect(await failure(p.run('hog', null))).toBe('out_of_memory');
    expect(await p.run('length', new Uint8Array(1))).toBe(1);
  });

  it('says busy at once when its queue is full', async () => {
    const p = pool({ maxQueue: 1 });
    const running = p.run('wait', 300);
    await new Promise((r) => setTimeout(r, 50)); // the first task is on the thread
    const queued = p.run('wait', 10);
    expect(await failure(p.run('wait', 10))).toBe('busy');
    expect(await Promise.all([running, queued])).toEqual([300, 10]);
  });

  it('finishes what it has when closed, then refuses', async () => {
    const p = pool();
    const a = p.run('wait', 100);
    const b = p.run('wait', 50);
    await p.close();
    expect(await Promise.all([a, b])).toEqual([100, 50]);
    expect(await failure(p.run('wait', 1))).toBe('closed');
  });
});
