// Pure: what the bulk writer thread is asked to store, and where. Everything that reaches the
// database at a high rate is one of these: metric points Redline records itself, metric batches
// services send (still in the columnar form the decode thread made, so the main thread never holds
// a point of them), and span rows (serialized by whoever built them; the main thread only moves
// the bytes).
import type { LiveMessage } from '../metrics/live';
import type { Point } from '../metrics/model';
import type { MetricRows } from '../metrics/rows';
import type { Row } from '../tracing/rows';

/** Where to write: the process's database (tests switch it, and the writer follows). */
export type WriteTarget = { provider: 'sqlite'; file: string } | { provider: 'postgresql'; url: string };

/**
 * What a decode thread derives from a metric batch, so the writer thread only merges and stores:
 * its rows, and its summary for the live views.
 */
export interface DerivedRows {
  rows: MetricRows;
  live: LiveMessage;
}

export type WriteJob =
  | { kind: 'points'; points: Point[] }
  /** `payload`: a MetricsPayload serialized by the decode thread; `refused`: series left out (cardinality) */
  | { kind: 'columnar'; payload: Uint8Array<ArrayBuffer>; refused: number[]; instance: string }
  | { kind: 'spans'; rows: Uint8Array<ArrayBuffer> };

/** Trace rows as the writer stores them (serialized with node:v8 into WriteJob.rows): spans, or log records. */
export interface SpanRowSet {
  spans: Row[];
  resources: Row[];
  attributes: Row[];
  /** OTLP log records (TraceLog rows) */
  logs?: Row[];
}

/** What a write answers once its transaction has committed. */
export interface WriteResult {
  stored: number;
  /** for ingested metrics: the live views' summary of what was stored */
  live?: LiveMessage;
}

export interface WriteTask {
  target: WriteTarget;
  job: WriteJob;
}

export const targetKey = (t: WriteTarget) => (t.provider === 'sqlite' ? `sqlite:${t.file}` : `pg:${t.url}`);
