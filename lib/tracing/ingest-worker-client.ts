// The receiver's side of the trace ingest threads: each request goes to the least busy one. At most
// MAX_IN_FLIGHT requests wait for them; past that the receiver answers 503 with Retry-After (the
// exporter retries), so bodies never pile up in memory. A worker that dies fails what it had and
// is started again on the next request.
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { once } from '../process/registry';
import type { SpanRecord } from './model';
import type { IngestReply, IngestRequest, StoreRequest } from './ingest-protocol';

// Run from the source tree through tsx, not from Next's bundle (see lib/metrics/sqlite-worker-client.ts).
const ENTRY = path.join(process.cwd(), 'lib', 'tracing', 'ingest-worker.mjs');
const { Worker: WorkerThread } = process.getBuiltinModule('node:worker_threads');
const MAX_IN_FLIGHT = 8;

type Ok = Extract<IngestReply, { ok: true }>;
type Failed = Extract<IngestReply, { ok: false }>;

interface Thread {
  worker: Worker;
  pending: Map<number, (r: IngestReply) => void>;
}

export class TraceIngestWorker {
  private readonly threads: (Thread | undefined)[];
  private nextId = 1;

  /** Up to two threads: while one writes (SQLite takes one writer at a time), the other decodes. */
  constructor(private readonly size = 2) {
    this.threads = new Array(size).fill(undefined);
  }

  get inFlight(): number {
    return this.threads.reduce((n, t) => n + (t?.pending.size ?? 0), 0);
  }

  hasRoom(): boolean {
    return this.inFlight < MAX_IN_FLIGHT;
  }

  private start(slot: number): Thread {
    const t: Thread = { worker: new WorkerThread(ENTRY), pending: new Map() };
    t.worker.on('message', (r: IngestReply) => {
      const done = t.pending.get(r.id);
      t.pending.delete(r.id);
      if (t.pending.size === 0) t.worker.unref();
      done?.(r);
    });
    const failAll = (why: string) => {
      for (const [id, done] of t.pending) done({ id, ok: false, badRequest: false, error: why });
      t.pending.clear();
    };
    t.worker.on('error', (err) => failAll(err.message));
    t.worker.on('exit', (code) => {
      if (this.threads[slot] === t) this.threads[slot] = undefined;
      failAll(`trace ingest thread exited (code ${code})`);
    });
    this.threads[slot] = t;
    return t;
  }

  /** The least busy thread; another is started only when every running one has work (footprint). */
  private pick(): Thread {
    let best: Thread | undefined;
    let free = -1;
    this.threads.forEach((t, i) => {
      if (!t) {
        if (free < 0) free = i;
      } else if (!best || t.pending.size < best.pending.size) best = t;
    });
    if (best && (best.pending.size === 0 || free < 0)) return best;
    return this.start(free);
  }

  ingest(req: Omit<IngestRequest, 'kind' | 'id'>): Promise<Ok | Failed> {
    const msg: IngestRequest = { kind: 'ingest', id: this.nextId++, ...req };
    return this.send(msg, [msg.body.buffer]);
  }

  /** Stores validated spans in the SQLite file; rejects when the worker could not. */
  async store(spans: SpanRecord[], sqliteFile: string): Promise<void> {
    const msg: StoreRequest = { kind: 'store', id: this.nextId++, spans, sqliteFile };
    const r = await this.send(msg, []);
    if (!r.ok) throw new Error(r.error);
  }

  private send(msg: IngestRequest | StoreRequest, transfer: ArrayBuffer[]): Promise<Ok | Failed> {
    const t = this.pick();
    t.worker.ref();
    const done = new Promise<IngestReply>((resolve) => t.pending.set(msg.id, resolve));
    t.worker.postMessage(msg, transfer);
    return done;
  }

  async close(): Promise<void> {
    const running = this.threads.filter((t): t is Thread => t !== undefined);
    this.threads.fill(undefined);
    await Promise.all(
      running.map((t) => {
        const exited = new Promise((r) => t.worker.once('exit', r));
        t.worker.postMessage({ kind: 'close' });
        return exited;
      }),
    );
  }
}

export const traceIngestWorker = (): TraceIngestWorker => once('traceIngest', () => new TraceIngestWorker());
