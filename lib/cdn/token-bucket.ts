// Pure: a token bucket (capacity, refill per second) on an injected clock — the shape CDN purge
// APIs document their limits in.
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
  }

  /** Takes a token if one is there; otherwise says how long until one is (ms). */
  take(now: number): { ok: true } | { ok: false; waitMs: number } {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, waitMs: Math.ceil(((1 - this.tokens) / this.perSecond) * 1000) };
  }

  /** A provider's 429 says the bucket is empty whatever we thought. */
  drain(now: number): void {
    this.refill(now);
    this.tokens = 0;
  }
}
