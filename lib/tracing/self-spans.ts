// Redline's own spans on their way to the database: they wait here a moment (every 500 ms, or at
// once when 2,000 are waiting) and go to the bulk writer as rows, like anyone else's spans. Past
// TRACES_MAX_BUFFERED_SPANS new ones are dropped and counted: tracing itself must never hold an
// unbounded backlog. A batch that fails is dropped and counted too (Redline's own spans are
// diagnostics, not data a client was promised).
import { serialize } from 'node:v8';
import { config } from '../config';
import type { SpanRowSet } from '../ingest/jobs';
import { bulkWriter } from '../ingest/bulk-writer';
import { metrics } from '../metrics';
import { once, peek, slot } from '../process/registry';
import type { SpanRecord } from './model';
import { SAMPLED_METRIC } from './rate-limit';
import { newCaches, type RowCaches, spanRows } from './rows';

const FLUSH_MS = 500;
const BATCH = 2_000;

export class SelfSpans {
  private buffer: SpanRecord[] = [];
  /** the buffer's spans by why they are kept, counted once stored */
  private reasons = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private chain: Promise<void> = Promise.resolve();
  private readonly caches: RowCaches = newCaches();
  written = 0;
  dropped = 0;

  add(spans: readonly SpanRecord[], reason: 'rate_limit' | 'tail_error' | 'tail_slow' = 'rate_limit'): void {
    if (this.buffer.length + spans.length > config().TRACES_MAX_BUFFERED_SPANS) {
      this.dropped += spans.length;
      return;
    }
    for (const s of spans) this.buffer.push(s);
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + spans.length);
    if (this.buffer.length >= BATCH) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, FLUSH_MS);
      this.timer.unref();
    }
  }

  /** Hands what is waiting to the bulk writer; resolves once it is stored (or dropped). */
  flush(): Promise<void> {
    this.chain = this.chain.then(async () => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      const batch = this.buffer;
      const reasons = this.reasons;
      this.buffer = [];
      this.reasons = new Map();
      if (!batch.length) return;
      const rows: SpanRowSet = spanRows(batch, this.caches);
      const b = serialize(rows);
      try {
        await bulkWriter().write({
          kind: 'spans',
          rows: new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength),
        });
        this.written += batch.length;
        for (const [reason, n] of reasons) metrics().counter(SAMPLED_METRIC, n, { decision: 'kept', reason });
      } catch (err) {
        this.dropped += batch.length;
        console.error(`[tracing] storing ${batch.length} of Redline's own spans failed: ${(err as Error).message}`);
      }
    });
    return this.chain;
  }
}

/** Redline's own spans waiting for the bulk writer */
const SELF_SPANS = slot<SelfSpans>('selfSpans');
export const selfSpans = (): SelfSpans => once(SELF_SPANS, () => new SelfSpans());

/** Stores what is waiting (shutdown; tests). */
export async function flushSelfSpans(): Promise<void> {
  await peek(SELF_SPANS)?.flush();
}
