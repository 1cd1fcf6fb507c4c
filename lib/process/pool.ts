// The one way Redline runs work on worker threads: a pool (piscina) per kind of work, started on
// demand, whose tasks are named functions exported by a TypeScript entry module. One bootstrap
// (pool-worker.mjs) loads every entry. A pool answers a task, or fails it with a PoolError saying
// why: busy (queue full), timed out, out of memory, or the thread died — never a hang.
import path from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import type { Piscina as PiscinaType } from 'piscina';

// Next bundles route code; piscina resolves its own worker script by path, so Node loads it as is
// (serverExternalPackages lists it) and the bootstrap is found from the project root (server.ts
// runs there; tests too).
const BOOTSTRAP = path.join(process.cwd(), 'lib', 'process', 'pool-worker.mjs');

export interface PoolOptions {
  /** what the pool is for, in log lines and errors */
  label: string;
  /** the entry module, relative to the project root (a .ts file exporting the task functions) */
  entry: string;
  maxThreads: number;
  /** tasks waiting beyond the running ones; past it a task fails at once as busy */
  maxQueue: number;
  /** an idle thread exits after this long (0: never) */
  idleTimeoutMs: number;
  resourceLimits?: ResourceLimits;
  /** run below the main thread's scheduling priority (Linux nice +10), so pages and health come first */
  background?: boolean;
  /** tasks a thread is given at once (a writer that groups them into one transaction takes many) */
  concurrentTasksPerWorker?: number;
}

export type PoolFailure = 'busy' | 'timeout' | 'out_of_memory' | 'crashed' | 'closed';

export class PoolError extends Error {
  constructor(
    readonly kind: PoolFailure,
    message: string,
  ) {
    super(message);
    this.name = 'PoolError';
  }
}

/**
 * Whether `err` is a PoolError — by name, not instanceof: the pool may have been made by another of
 * Next's bundles, whose PoolError class is another copy.
 */
export const isPoolError = (err: unknown): err is PoolError =>
  err instanceof Error && err.name === 'PoolError' && typeof (err as PoolError).kind === 'string';

export interface RunOptions {
  /** buffers handed over without a copy (the caller must not use them afterwards) */
  transfer?: ArrayBuffer[];
  /** the task is stopped (its thread terminated and replaced) past this */
  timeoutMs?: number;
}

const NICE_BACKGROUND = 10;

export class WorkerPool {
  private pool: PiscinaType | undefined;
  private closed = false;

  constructor(readonly options: PoolOptions) {}

  private async piscina(): Promise<PiscinaType> {
    if (this.pool) return this.pool;
    // Loaded with the first task: an instance that never needs a thread never loads the pool.
    const { Piscina } = await import('piscina');
    if (this.pool) return this.pool;
    const o = this.options;
    this.pool = new Piscina({
      filename: BOOTSTRAP,
      workerData: { entry: path.join(process.cwd(), o.entry) },
      minThreads: 0,
      maxThreads: o.maxThreads,
      maxQueue: o.maxQueue,
      idleTimeout: o.idleTimeoutMs || Number.POSITIVE_INFINITY,
      resourceLimits: o.resourceLimits,
      niceIncrement: o.background ? NICE_BACKGROUND : 0,
      concurrentTasksPerWorker: o.concurrentTasksPerWorker ?? 1,
    });
    // A thread that dies fails only its own task; piscina starts another on the next one.
    this.pool.on('error', (err: Error) => console.error(`[${o.label}] worker thread: ${err.message}`));
    return this.pool;
  }

  /** Runs the entry's exported function `task` with `input`. */
  async run<I, O>(task: string, input: I, opts: RunOptions = {}): Promise<O> {
    if (this.closed) throw new PoolError('closed', `${this.options.label}: shutting down`);
    const signal = opts.timeoutMs ? AbortSignal.timeout(opts.timeoutMs) : undefined;
    try {
      return (await (await this.piscina()).run({ task, input }, { transferList: opts.transfer, signal })) as O;
    } catch (err) {
      throw this.failure(err, opts.timeoutMs);
    }
  }

  private failure(err: unknown, timeoutMs: number | undefined): Error {
    const e = err as Error & { code?: string };
    const label = this.options.label;
    if (e.message === 'Task queue is at limit') return new PoolError('busy', `${label}: too many tasks waiting`);
    if (e.name === 'AbortError' || e.name === 'TimeoutError')
      return new PoolError('timeout', `${label}: the task took longer than ${timeoutMs} ms`);
    if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      const mb = this.options.resourceLimits?.maxOldGenerationSizeMb;
      return new PoolError('out_of_memory', `${label}: the task needed more than ${mb ?? 'its'} MB of memory`);
    }
    if (
      e.message === 'Terminating worker thread' ||
      e.message?.startsWith('worker exited with code') ||
      e.code === 'ERR_WORKER_INIT_FAILED'
    )
      return new PoolError('crashed', `${label}: the worker thread stopped (${e.message})`);
    return e; // the task's own error, thrown in the thread and cloned back
  }

  /** Tasks waiting for a thread (beyond those the threads hold). */
  get queued(): number {
    return this.pool?.queueSize ?? 0;
  }

  /** Threads running now (0 while idle: they start on demand). */
  get threads(): number {
    return this.pool?.threads.length ?? 0;
  }

  /** Finishes what is queued and running, then stops the threads. */
  async close(): Promise<void> {
    this.closed = true;
    const p = this.pool;
    this.pool = undefined;
    await p?.close();
  }
}
