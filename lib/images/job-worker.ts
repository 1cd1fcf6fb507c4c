// Each instance's image job worker: claims items from the shared queue while it has free slots
// (one per core, so encoding never starves request handling of more than the cores it has),
// encodes them and records the outcome. Woken by a new job on any instance (pub/sub), by each item
// it finishes, and every 15 s (items of a stopped instance, a missed message).
import os from 'node:os';
import { db } from '../db';
import { metrics } from '../metrics';
import { runAs } from '../observability/context';
import { store } from '../redis';
import { optimizeItem } from './batch';
import { type ClaimedItem, claimItems, completeItem, JOBS_CHANNEL } from './jobs';

export class ImageJobWorker {
  private busy = 0;
  private polling = false;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    readonly id: string,
    readonly slots = Math.max(1, os.availableParallelism()),
    private readonly pollMs = 15_000,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await store().subscribe(JOBS_CHANNEL, () => this.poke());
    this.timer = setInterval(() => this.poke(), this.pollMs);
    this.timer.unref();
    this.poke();
  }

  /** Claims what fits in the free slots; each finished item makes room for the next. */
  poke(): void {
    if (this.stopped || this.polling || this.busy >= this.slots) return;
    this.polling = true;
    void runAs({ route: '(image-jobs)', internal: true }, () => claimItems(db(), this.id, this.slots - this.busy))
      .then((items) => {
        for (const item of items) this.run(item);
      })
      .catch((e: Error) => console.error(`[image-jobs] claim failed: ${e.message}`))
      .finally(() => {
        this.polling = false;
      });
  }

  private run(item: ClaimedItem): void {
    this.busy++;
    const p = runAs({ route: '(image-jobs)', internal: true }, async () => {
      const r = await optimizeItem(item.idx, item.src, item.options, null);
      metrics().counter('image_job_items_total', 1, { outcome: r.ok ? 'done' : 'failed' });
      await completeItem(
        db(),
        item,
        r.ok
          ? { ok: true, bytesBefore: r.bytesBefore, bytesAfter: r.bytesAfter, ms: r.ms }
          : { ok: false, error: r.error?.message },
      );
    })
      .catch((e: Error) => console.error(`[image-jobs] item ${item.id} failed to record: ${e.message}`))
      .finally(() => {
        this.busy--;
        this.inFlight.delete(p);
        this.poke();
      });
    this.inFlight.add(p);
  }

  /** Stops claiming and waits for the items in hand (a stopped instance leaves nothing half-done). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.unsubscribe?.();
    await Promise.all([...this.inFlight]);
  }
}
