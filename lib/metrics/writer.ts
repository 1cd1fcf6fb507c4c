// Batches the points Redline records about itself (and the few it derives, such as span RED
// metrics and scraped samples) in memory and hands them to the bulk writer every
// METRICS_FLUSH_INTERVAL_MS, when METRICS_FLUSH_MAX_POINTS are waiting, and on shutdown. What
// services send to the ingest API does not wait here: it is stored before it is answered.
import { runAs } from '../observability/context';
import type { Labels, MetricType, Point } from './model';

export interface WriterOptions {
  intervalMs: number;
  maxPoints: number;
  /** Points kept across failed flushes; older ones beyond this are dropped and counted. */
  maxBuffered?: number;
  /** Told about every batch once it is stored (live views). */
  onFlushed?: (points: readonly Point[]) => void;
  /** Told about each point the process records about itself (not ingested ones). */
  onRecorded?: (point: Point) => void;
  /** Stores a batch (the bulk writer): raw rows, series registry, rollups and sketches in one transaction. */
  write: (points: Point[]) => Promise<void>;
}

export class MetricsWriter {
  private buffer: Point[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private writing = false;
  dropped = 0;
  written = 0;

  constructor(private readonly opts: WriterOptions) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.opts.intervalMs);
    this.timer.unref();
  }

  record(name: string, value: number, labels: Labels = {}, type: MetricType = 'gauge', ts = Date.now()): void {
    if (!Number.isFinite(value)) return;
    const point = { name, labels, value, ts, type };
    this.buffer.push(point);
    this.opts.onRecorded?.(point);
    if (this.buffer.length >= this.opts.maxPoints) void this.flush();
  }

  histogram(name: string, value: number, labels: Labels = {}): void {
    this.record(name, value, labels, 'histogram');
  }

  gauge(name: string, value: number, labels: Labels = {}): void {
    this.record(name, value, labels, 'gauge');
  }

  counter(name: string, increment: number, labels: Labels = {}): void {
    this.record(name, increment, labels, 'counter');
  }

  /**
   * Validated points from ingestion; false when the buffer is full (the caller answers 503).
   * `own` marks figures Redline derives itself (span RED metrics): they are mirrored to /api/metrics
   * like everything Redline records; what services send is not.
   */
  offer(points: readonly Point[], own = false): boolean {
    if (this.buffer.length + points.length > this.capacity()) return false;
    for (const p of points) this.buffer.push(p);
    if (own) for (const p of points) this.opts.onRecorded?.(p);
    if (this.buffer.length >= this.opts.maxPoints) void this.flush();
    return true;
  }

  capacity(): number {
    return this.opts.maxBuffered ?? this.opts.maxPoints * 20;
  }

  pending(): number {
    return this.buffer.length;
  }

  /**
   * Behind: more is waiting than two batches while one is being written. Ingestion is refused
   * before its body is read (503) until the writer catches up, so what is accepted is what the
   * database can take, and neither the buffer nor the event loop fills with a backlog.
   */
  behind(): boolean {
    return this.writing && this.buffer.length >= this.opts.maxPoints * 2;
  }

  /** Writes what is buffered; concurrent calls queue behind each other so batches never interleave. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeBuffered());
    return this.flushing;
  }

  private async writeBuffered(): Promise<void> {
    if (this.buffer.length === 0) return;
    // At most a few batches per transaction: one huge batch would be copied to the writer's
    // thread in one go and hold the event loop while it is.
    const take = this.opts.maxPoints * 4;
    const batch = this.buffer.length <= take ? this.buffer : this.buffer.slice(0, take);
    this.buffer = this.buffer.length <= take ? [] : this.buffer.slice(take);
    this.writing = true;
    try {
      await runAs({ route: '(metrics-writer)', internal: true }, () => this.opts.write(batch));
      this.written += batch.length;
      this.opts.onFlushed?.(batch);
    } catch (err) {
      const cap = this.capacity();
      this.buffer = batch.concat(this.buffer);
      if (this.buffer.length > cap) {
        this.dropped += this.buffer.length - cap;
        this.buffer = this.buffer.slice(this.buffer.length - cap);
      }
      console.error(`[metrics] flush of ${batch.length} points failed, will retry: ${(err as Error).message}`);
    } finally {
      this.writing = false;
    }
    if (this.buffer.length >= this.opts.maxPoints) void this.flush();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
