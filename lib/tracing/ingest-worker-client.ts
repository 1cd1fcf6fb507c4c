// The receiver's side of the trace ingest worker: one thread, requests answered in order. At most
// MAX_IN_FLIGHT requests wait for it; past that the receiver answers 503 with Retry-After (the
// exporter retries), so bodies never pile up in memory. A worker that dies fails what it had and
// is started again on the next request.
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { once } from '../process/registry';
import type { IngestReply, IngestRequest } from './ingest-protocol';

// Run from the source tree through tsx, not from Next's bundle (see lib/metrics/sqlite-worker-client.ts).
const ENTRY = path.join(process.cwd(), 'lib', 'tracing', 'ingest-worker.mjs');
const { Worker: WorkerThread } = process.getBuiltinModule('node:worker_threads');
const MAX_IN_FLIGHT = 8;

type Ok = Extract<IngestReply, { ok: true }>;
type Failed = Extract<IngestReply, { ok: false }>;

export class TraceIngestWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (r: IngestReply) => void>();

  get inFlight(): number {
    return this.pending.size;
  }

  hasRoom(): boolean {
    return this.pending.size < MAX_IN_FLIGHT;
  }

  private start(): Worker {
    const w = new WorkerThread(ENTRY);
    w.on('message', (r: IngestReply) => {
      const done = this.pending.get(r.id);
      this.pending.delete(r.id);
      if (this.pending.size === 0) w.unref();
      done?.(r);
    });
    const failAll = (why: string) => {
      for (const [id, done] of this.pending) done({ id, ok: false, badRequest: false, error: why });
      this.pending.clear();
    };
    w.on('error', (err) => failAll(err.message));
    w.on('exit', (code) => {
      if (this.worker === w) this.worker = undefined;
      failAll(`trace ingest thread exited (code ${code})`);
    });
    return w;
  }

  ingest(req: Omit<IngestRequest, 'kind' | 'id'>): Promise<Ok | Failed> {
    this.worker ??= this.start();
    this.worker.ref();
    const id = this.nextId++;
    const msg: IngestRequest = { kind: 'ingest', id, ...req };
    const done = new Promise<IngestReply>((resolve) => this.pending.set(id, resolve));
    this.worker.postMessage(msg, [msg.body.buffer]);
    return done;
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

export const traceIngestWorker = (): TraceIngestWorker => once('traceIngest', () => new TraceIngestWorker());
