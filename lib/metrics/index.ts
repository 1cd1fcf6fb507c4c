// The process's metrics writer: every feature records through `metrics().record(...)`.
import { config } from '../config';
import { databaseTarget, db, dialect } from '../db';
import { hostname } from 'node:os';
import { once } from '../process/registry';
import { store } from '../redis';
import { LIVE_CHANNEL, liveSummary } from './live';
import { PrometheusBridge } from './prometheus';
import { sqliteWorkerWriter, type WorkerWriter } from './sqlite-worker-client';
import type { Point } from './model';
import { MetricsWriter, writePoints } from './writer';

const INSTANCE = `${hostname()}:${process.pid}`;

export function prometheus(): PrometheusBridge {
  return once('prometheus', () => new PrometheusBridge());
}

/**
 * On SQLite, the prepared-statement fast path in a worker thread, opened on whichever file is the
 * current database (tests switch databases; the writer must follow, not keep writing to the
 * first one).
 */
function fastPath() {
  let open: { file: string; writer: WorkerWriter } | undefined;
  return async (points: readonly Point[]) => {
    const target = databaseTarget();
    if (target.provider !== 'sqlite') {
      await open?.writer.close();
      open = undefined;
      return writePoints(db(), dialect(), points);
    }
    if (open?.file !== target.file) {
      await open?.writer.close();
      open = { file: target.file, writer: sqliteWorkerWriter(target.file) };
    }
    await open.writer.write(points);
  };
}

export function metrics(): MetricsWriter {
  return once('metrics', () => {
    const env = config();
    const writer = new MetricsWriter({
      db,
      dialect,
      write: fastPath(),
      intervalMs: env.METRICS_FLUSH_INTERVAL_MS,
      maxPoints: env.METRICS_FLUSH_MAX_POINTS,
      // Every instance publishes what it stored; every instance's live views hear all of them.
      onRecorded: (point) => prometheus().observe(point),
      onFlushed: (points) =>
        void store()
          .publish(LIVE_CHANNEL, JSON.stringify(liveSummary(points, INSTANCE)))
          .catch(() => undefined),
    });
    writer.start();
    return writer;
  });
}

export type { Labels, Point } from './model';
