// Pure: the messages between metric ingestion and its parsing thread.
import type { ParseOutcome } from './ingest-parse';

export interface ParseRequest {
  kind: 'parse';
  id: number;
  /** the request body, transferred (not copied) */
  body: Uint8Array<ArrayBuffer>;
  now: number;
  oldestMs: number;
  maxItems: number;
}

export type ParseReply = { id: number } & (ParseOutcome | { ok: false; crashed: string });

export type ParseMessage = ParseRequest | { kind: 'close' };
