// The process's metrics writer: every feature records through `metrics().record(...)`.
import { config } from '../config';
import { db, dialect } from '../db';
import { MetricsWriter } from './writer';

const slot = globalThis as typeof globalThis & { __redlineMetrics?: MetricsWriter };

export function metrics(): MetricsWriter {
  if (!slot.__redlineMetrics) {
    const env = config();
    slot.__redlineMetrics = new MetricsWriter({ db, dialect, intervalMs: env.METRICS_FLUSH_INTERVAL_MS, maxPoints: env.METRICS_FLUSH_MAX_POINTS });
    slot.__redlineMetrics.start();
  }
  return slot.__redlineMetrics;
}

export type { Labels, Point } from './model';
