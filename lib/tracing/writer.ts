// Spans accepted by the receivers wait here and are written in batches (every 500 ms, or at once
// when 2,000 are waiting), one batch at a time. Past TRACES_MAX_BUFFERED_SPANS the receivers answer
// 503 with Retry-After, as OTLP asks of a server that cannot keep up, so an exporter retries later
// instead of the process holding an unbounded backlog. A batch that fails stays and is retried.
import { config } from '../config';
import { once } from '../process/registry';
import type { SpanRecord } from './model';
import { insertSpans } from './store';
import { databaseTarget } from '../db';
import { runAs } from '../observability/context';
import { traceIngestWorker } from './ingest-worker-client';

const FLUSH_MS = 500;
const BATCH = 2_000;

export class SpanWriter {
  private buffer: SpanRecord[] = [];
  private timer?: NodeJS.Timeout;
  private chain: Promise<void> = Promise.resolve();
  written = 0;
  failures = 0;
  lastError: string | null = null;

  constructor(
    private readonly write: (spans: readonly SpanRecord[]) => Promise<void> = storeSpans,
    private readonly maxBuffered = () => config().TRACES_MAX_BUFFERED_SPANS,
  ) {}

  /** Room for `n` more spans? */
  hasRoom(n: number): boolean {
    return this.buffer.length + n <= this.maxBuffered();
  }

  get buffered(): number {
    return this.buffer.length;
  }

  add(spans: readonly SpanRecord[]): void {
    for (const s of spans) this.buffer.push(s);
    if (this.buffer.length >= BATCH) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, FLUSH_MS);
      this.timer.unref();
    }
  }

  /** Writes everything buffered; resolves when it is stored (or the attempt failed). */
  flush(): Promise<void> {
    this.chain = this.chain.then(async () => {
      while (this.buffer.length) {
        const batch = this.buffer.slice(0, BATCH * 2);
        try {
          await this.write(batch);
        } catch (err) {
          this.failures++;
          this.lastError = (err as Error).message;
          console.error(`[tracing] writing ${batch.length} spans failed: ${this.lastError}`);
          if (!this.timer) {
            this.timer = setTimeout(() => {
              this.timer = undefined;
              void this.flush();
            }, FLUSH_MS * 4);
            this.timer.unref();
          }
          return;
        }
        this.buffer.splice(0, batch.length);
        this.written += batch.length;
      }
    });
    return this.chain;
  }
}

/**
 * On SQLite the ingest thread stores them (off the main thread, on its own connection); on
 * PostgreSQL the Prisma path does. Either way as Redline's own bookkeeping: never traced itself.
 */
function storeSpans(spans: readonly SpanRecord[]): Promise<void> {
  return runAs({ route: '(tracing)', internal: true }, () => {
    const target = databaseTarget();
    return target.provider === 'sqlite' ? traceIngestWorker().store([...spans], target.file) : insertSpans(spans);
  });
}

export const spanWriter = (): SpanWriter => once('spanWriter', () => new SpanWriter());
