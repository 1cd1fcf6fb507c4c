// The process's metrics writer: every feature records through `metrics().record(...)`.
import { config } from '../config';
import { hostname } from 'node:os';
import { once, slot } from '../process/registry';
import { store } from '../redis';
import { LIVE_CHANNEL, liveSummary } from './live';
import { PrometheusBridge } from './prometheus';
import type { Point } from './model';
import { MetricsWriter } from './writer';
import { bulkWriter } from '../ingest/bulk-writer';

/** the prom-client mirror behind GET /api/metrics */
export const PROMETHEUS = slot<PrometheusBridge>('prometheus');
/** the buffered writer every feature records through */
export const METRICS = slot<MetricsWriter>('metrics');

const INSTANCE = `${hostname()}:${process.pid}`;

export function prometheus(): PrometheusBridge {
  return once(PROMETHEUS, () => new PrometheusBridge());
}

/** Stores points through the process's bulk writer (one transaction; resolves once committed). */
export async function storePoints(points: Point[]): Promise<void> {
  if (points.length) await bulkWriter().write({ kind: 'points', points });
}

export function metrics(): MetricsWriter {
  return once(METRICS, () => {
    const env = config();
    const writer = new MetricsWriter({
      write: storePoints,
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
