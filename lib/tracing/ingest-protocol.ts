// Pure: the messages between the trace receiver and its worker thread.
import type { SpanRecord } from './model';

export interface IngestRequest {
  kind: 'ingest';
  id: number;
  /** the request body, transferred (not copied) */
  body: Uint8Array<ArrayBuffer>;
  encoding: 'protobuf' | 'json';
  nowUs: number;
  oldestUs: number;
  /** the SQLite file the worker writes to itself; null: spans come back for the main thread to store */
  sqliteFile: string | null;
}

/** [service, operation, error, duration ms, start ms] of a span that starts work in a service */
export type RedTuple = [string, string, boolean, number, number];

export type IngestReply =
  | {
      id: number;
      ok: true;
      accepted: number;
      rejected: number;
      reasons: string[];
      red: RedTuple[];
      /** only when the worker did not store them */
      spans: SpanRecord[] | null;
    }
  | { id: number; ok: false; badRequest: boolean; error: string };

/** Spans already validated (Redline's own) for the worker to store in `sqliteFile`. */
export interface StoreRequest {
  kind: 'store';
  id: number;
  spans: SpanRecord[];
  sqliteFile: string;
}

export type WorkerMessage = IngestRequest | StoreRequest | { kind: 'close' };
