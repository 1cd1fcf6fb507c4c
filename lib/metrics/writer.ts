// Batches points in memory and writes them (raw rows + rollup upserts) in one transaction,
// every METRICS_FLUSH_INTERVAL_MS or when METRICS_FLUSH_MAX_POINTS are waiting, and on shutdown.
import type { Db, Dialect } from '../db';
import { type Labels, type Point, canonicalLabels, rollup } from './model';
import { ROWS_PER_STATEMENT, rollupUpsert } from './sql';

export interface WriterOptions {
  db: () => Db;
  dialect: () => Dialect;
  intervalMs: number;
  maxPoints: number;
  /** Points kept across failed flushes; older ones beyond this are dropped and counted. */
  maxBuffered?: number;
}

export class MetricsWriter {
  private buffer: Point[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  dropped = 0;
  written = 0;

  constructor(private readonly opts: WriterOptions) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.opts.intervalMs);
    this.timer.unref();
  }

  record(name: string, value: number, labels: Labels = {}, ts = Date.now()): void {
    if (!Number.isFinite(value)) return;
    this.buffer.push({ name, labels, value, ts });
    if (this.buffer.length >= this.opts.maxPoints) void this.flush();
  }

  pending(): number {
    return this.buffer.length;
  }

  /** Writes what is buffered; concurrent calls queue behind each other so batches never interleave. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeBuffered());
    return this.flushing;
  }

  private async writeBuffered(): Promise<void> {
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    try {
      await writePoints(this.opts.db(), this.opts.dialect(), batch);
      this.written += batch.length;
    } catch (err) {
      const cap = this.opts.maxBuffered ?? this.opts.maxPoints * 20;
      this.buffer = batch.concat(this.buffer);
      if (this.buffer.length > cap) {
        this.dropped += this.buffer.length - cap;
        this.buffer = this.buffer.slice(this.buffer.length - cap);
      }
      console.error(`[metrics] flush of ${batch.length} points failed, will retry: ${(err as Error).message}`);
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}

/** One transaction: raw points plus their rollups, so a reader never sees one without the other. */
export async function writePoints(db: Db, dialect: Dialect, points: readonly Point[]): Promise<void> {
  const rows = rollup(points);
  const raw = points.map((p) => ({ name: p.name, labels: canonicalLabels(p.labels), value: p.value, ts: BigInt(Math.round(p.ts)) }));
  const statements = [];
  for (let i = 0; i < raw.length; i += 5_000) statements.push(db.metricPoint.createMany({ data: raw.slice(i, i + 5_000) }));
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    statements.push(db.$executeRaw(rollupUpsert(dialect, rows.slice(i, i + ROWS_PER_STATEMENT))));
  }
  await db.$transaction(statements);
}
