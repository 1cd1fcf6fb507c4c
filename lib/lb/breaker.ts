// Pure: a circuit breaker per backend. Closed, it watches the error rate of recent responses;
// over the threshold it opens (no traffic) for a while, then lets traffic back gradually –
// 10%, then 50%, then all of it – reopening (for twice as long) if errors return on the way.
// Every transition is kept, so the console can show the state over time.

export type BreakerState = 'closed' | 'open' | 'ramp-10' | 'ramp-50';
const SHARE: Record<BreakerState, number> = { closed: 1, open: 0, 'ramp-10': 0.1, 'ramp-50': 0.5 };

export interface BreakerConfig {
  /** outcomes kept for the error rate */
  window: number;
  /** fewest outcomes before the rate counts */
  minSamples: number;
  /** error rate (0–1) that opens the breaker */
  errorRate: number;
  openMs: number;
  maxOpenMs: number;
  /** how long each ramp stage lasts without errors over the rate */
  stageMs: number;
}
export const DEFAULT_BREAKER: BreakerConfig = {
  window: 20,
  minSamples: 10,
  errorRate: 0.5,
  openMs: 5_000,
  maxOpenMs: 120_000,
  stageMs: 5_000,
};

export interface Transition {
  at: number;
  from: BreakerState;
  to: BreakerState;
  reason: string;
}

export class Breaker {
  state: BreakerState = 'closed';
  /** the last `window` outcomes as a ring (true = failed), with their count and failures kept as they change */
  private ring: boolean[] = [];
  private next = 0;
  private failures = 0;
  private until = 0;
  private openMs: number;
  readonly transitions: Transition[] = [];

  constructor(private readonly cfg: BreakerConfig = DEFAULT_BREAKER) {
    this.openMs = cfg.openMs;
  }

  /** The share of picks this backend may take now (advancing time-based stages first). */
  share(now: number): number {
    this.advance(now);
    return SHARE[this.state];
  }

  /** Whether one request may go to it: ramp stages admit their share at random. */
  admits(now: number, random: number): boolean {
    return random < this.share(now);
  }

  record(ok: boolean, now: number): void {
    this.advance(now);
    if (this.state === 'open') return;
    // O(1) per request: this runs on the proxy's hot path.
    if (this.ring.length < this.cfg.window) this.ring.push(!ok);
    else {
      if (this.ring[this.next]) this.failures--;
      this.ring[this.next] = !ok;
      this.next = (this.next + 1) % this.cfg.window;
    }
    if (!ok) this.failures++;
    const n = this.ring.length;
    const errors = this.failures;
    // While ramping, a few errors over the rate reopen at once; closed, the window must be full enough.
    const enough = this.state === 'closed' ? n >= this.cfg.minSamples : n >= 3;
    if (enough && errors / n >= this.cfg.errorRate) {
      const reason = `${errors} of the last ${n} responses failed`;
      if (this.state !== 'closed') this.openMs = Math.min(this.cfg.maxOpenMs, this.openMs * 2);
      this.go('open', now, reason);
      this.until = now + this.openMs;
    }
  }

  private advance(now: number): void {
    while (this.state !== 'closed' && now >= this.until) {
      if (this.state === 'open') this.go('ramp-10', this.until, `open for ${Math.round(this.openMs / 1000)} s`);
      else if (this.state === 'ramp-10') this.go('ramp-50', this.until, 'ramp stage passed');
      else {
        this.go('closed', this.until, 'ramp stage passed');
        this.openMs = this.cfg.openMs;
        return;
      }
      this.until += this.cfg.stageMs;
    }
  }

  private go(to: BreakerState, at: number, reason: string): void {
    this.transitions.push({ at, from: this.state, to, reason });
    if (this.transitions.length > 100) this.transitions.shift();
    this.state = to;
    this.ring = [];
    this.next = 0;
    this.failures = 0;
  }
}
