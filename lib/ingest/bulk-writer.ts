// The process's one bulk writer (main-thread side): every high-rate write — metric points Redline
// records, metric batches and spans services send, Redline's own spans — goes to the writer thread
// (writer-thread.ts), on SQLite and PostgreSQL alike, and each write resolves once its transaction
// has committed. While more writes wait than the writer takes in a few transactions, `behind()`
// says so, and ingestion is refused before its body is read.
import { databaseTarget } from '../db';
import { WorkerPool } from '../process/pool';
import { once, peek, put, slot } from '../process/registry';
import type { WriteJob, WriteResult, WriteTask } from './jobs';

/** the process's one bulk writer */
const BULK_WRITER = slot<BulkWriter>('bulkWriter');

/** Writes waiting past which the writer is behind (several full groups). */
export const BEHIND_AT = 512;

export class BulkWriter {
  private readonly pool = new WorkerPool({
    label: 'bulk writer',
    entry: 'lib/ingest/writer-thread.ts',
    maxThreads: 1,
    // The thread takes writes as they come (it groups them into transactions itself).
    concurrentTasksPerWorker: 1_024,
    maxQueue: 4_096,
    idleTimeoutMs: 60_000,
    resourceLimits: { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 32 },
    background: true,
  });
  private waiting = 0;

  /** Writes submitted and not yet committed. */
  get pending(): number {
    return this.waiting;
  }

  behind(): boolean {
    return this.waiting >= BEHIND_AT;
  }

  /** Stores a job; `transfer` hands its buffers to the thread without a copy. */
  async write(job: WriteJob, transfer: ArrayBuffer[] = []): Promise<WriteResult> {
    const t = databaseTarget();
    const task: WriteTask = {
      target: t.provider === 'sqlite' ? { provider: 'sqlite', file: t.file } : { provider: 'postgresql', url: t.url },
      job,
    };
    this.waiting++;
    try {
      return await this.pool.run<WriteTask, WriteResult>('write', task, { transfer });
    } finally {
      this.waiting--;
    }
  }

  /** Stores what was submitted, then closes the connection and the thread. */
  async close(): Promise<void> {
    if (this.pool.threads > 0) await this.pool.run('close', undefined).catch(() => undefined);
    await this.pool.close();
  }
}

export const bulkWriter = (): BulkWriter => once(BULK_WRITER, () => new BulkWriter());

/** Closes the writer if this process made one (shutdown; tests switching databases). */
export async function closeBulkWriter(): Promise<void> {
  const w = peek(BULK_WRITER);
  if (!w) return;
  await w.close();
  put(BULK_WRITER, undefined);
}
