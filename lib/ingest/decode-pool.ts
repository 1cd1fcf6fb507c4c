// The decode pool (main-thread side): request bodies are decoded and validated on its threads
// (decode-thread.ts), handed over without a copy. Two threads at most, started with the first body.
import { WorkerPool } from '../process/pool';
import { once, peek, slot } from '../process/registry';

/** the threads that decode ingest bodies (metric batches, OTLP exports) */
const DECODE_POOL = slot<WorkerPool>('decodePool');

export const decodePool = (): WorkerPool =>
  once(
    DECODE_POOL,
    () =>
      new WorkerPool({
        label: 'ingest decode',
        entry: 'lib/ingest/decode-thread.ts',
        maxThreads: 2,
        maxQueue: 64,
        idleTimeoutMs: 60_000,
        // A small young generation: a batch's objects are dead once it answers, and a large nursery
        // per thread is resident memory the instance pays for under load.
        resourceLimits: { maxOldGenerationSizeMb: 384, maxYoungGenerationSizeMb: 8 },
        background: true,
      }),
  );

export async function closeDecodePool(): Promise<void> {
  await peek(DECODE_POOL)?.close();
}
