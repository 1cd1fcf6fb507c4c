// The metrics writer's side of the SQLite worker thread: write() resolves once the batch's
// transaction committed, or rejects with the worker's error (the writer then keeps the batch and
// retries). A worker that dies fails what it had and is started again on the next write.
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Point } from './model';
import { encodeBatch, type WorkerReply } from './sqlite-worker-protocol';

// The worker runs from the source tree through tsx (a dependency: `npm start` runs under it too),
// not from Next's bundle: Turbopack bundles `new Worker(…)` entries it can see, and would pull tsx
// itself into the bundle, so the constructor is fetched where it cannot see it.
const ENTRY = path.join(process.cwd(), 'lib', 'metrics', 'sqlite-worker.mjs');
const { Worker: WorkerThread } = process.getBuiltinModule('node:worker_threads');

export interface WorkerWriter {
  write: (points: readonly Point[]) => Promise<void>;
  close: () => Promise<void>;
}

export function sqliteWorkerWriter(file: string): WorkerWriter {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();

  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const start = (): Worker => {
    const w = new WorkerThread(ENTRY, { workerData: { file } });
    w.on('message', (r: WorkerReply) => {
      const p = pending.get(r.id);
      pending.delete(r.id);
      if (pending.size === 0) w.unref(); // idle: never what keeps the process alive
      if (r.ok) p?.resolve();
      else p?.reject(new Error(r.error));
    });
    w.on('error', (err) => failAll(err));
    w.on('exit', (code) => {
      if (worker === w) worker = undefined;
      failAll(new Error(`metrics writer thread exited (code ${code})`));
    });
    return w;
  };

  return {
    write: (points) => {
      if (points.length === 0) return Promise.resolve();
      worker ??= start();
      worker.ref(); // a batch in flight keeps the process up until it is stored
      const msg = encodeBatch(nextId++, points);
      const done = new Promise<void>((resolve, reject) => pending.set(msg.id, { resolve, reject }));
      worker.postMessage(msg, [msg.seriesIndex.buffer, msg.values.buffer, msg.ts.buffer]);
      return done;
    },
    close: async () => {
      const w = worker;
      worker = undefined;
      if (!w) return;
      const exited = new Promise((r) => w.once('exit', r));
      w.postMessage({ kind: 'close' });
      await exited;
    },
  };
}
