// Metric ingestion's side of its parsing thread: parse() resolves with the thread's outcome. The
// thread starts on the first batch, is unreferenced while idle (never what keeps the process up),
// and a thread that dies fails what it had and is started again on the next batch.
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { ApiError } from '../api/errors';
import { once } from '../process/registry';
import type { ParseOutcome } from './ingest-parse';
import type { ParseReply, ParseRequest } from './ingest-worker-protocol';

// Run from the source tree through tsx, not from Next's bundle (see sqlite-worker-client.ts).
const ENTRY = path.join(process.cwd(), 'lib', 'metrics', 'ingest-worker.mjs');
const { Worker: WorkerThread } = process.getBuiltinModule('node:worker_threads');
const RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 384 };

export class MetricIngestWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (r: ParseReply) => void>();

  private start(): Worker {
    // A small young generation: the thread's garbage is a batch's objects, dead once it answers, and
    // a large nursery per thread is resident memory the instance pays for under load.
    const w = new WorkerThread(ENTRY, { resourceLimits: RESOURCE_LIMITS });
    w.on('message', (r: ParseReply) => {
      const done = this.pending.get(r.id);
      this.pending.delete(r.id);
      if (this.pending.size === 0) w.unref();
      done?.(r);
    });
    const failAll = (why: string) => {
      for (const [id, done] of this.pending) done({ id, ok: false, crashed: why });
      this.pending.clear();
    };
    w.on('error', (err) => failAll(err.message));
    w.on('exit', (code) => {
      if (this.worker === w) this.worker = undefined;
      failAll(`metric ingest thread exited (code ${code})`);
    });
    return w;
  }

  /** Parses `body` (its bytes are transferred: the caller must not use it afterwards). */
  async parse(body: Uint8Array<ArrayBuffer>, now: number, oldestMs: number, maxItems: number): Promise<ParseOutcome> {
    this.worker ??= this.start();
    const w = this.worker;
    w.ref(); // a batch in flight keeps the process up until it is answered
    const msg: ParseRequest = { kind: 'parse', id: this.nextId++, body, now, oldestMs, maxItems };
    const reply = await new Promise<ParseReply>((resolve) => {
      this.pending.set(msg.id, resolve);
      w.postMessage(msg, [body.buffer]);
    });
    if ('crashed' in reply) {
      console.error(`[metrics] ingest thread: ${reply.crashed}`);
      throw new ApiError('unavailable', 'Ingestion could not parse this batch now; retry shortly', undefined, {
        'retry-after': '1',
      });
    }
    return reply;
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (!w) return;
    const exited = new Promise((r) => w.once('exit', r));
    w.postMessage({ kind: 'close' });
    await exited;
  }
}

export const metricIngestWorker = (): MetricIngestWorker => once('metricIngest', () => new MetricIngestWorker());
