// A bounded load generator for the demo and the reaction bench: sends GETs to a URL at the rate
// a pattern gives, over kept-alive connections, never more than `maxInFlight` at once, and stops
// by itself after `durationMs`. Counts what it sent and how it was answered.
import http from 'node:http';
import { type LoadPattern, rateAt } from './load-shape';

export interface LoadStats {
  sent: number;
  ok: number;
  errors: number;
  inFlight: number;
  /** requests the pattern asked for that were not sent because too many were in flight */
  skipped: number;
}

export class LoadGenerator {
  readonly stats: LoadStats = { sent: 0, ok: 0, errors: 0, inFlight: 0, skipped: 0 };
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  private timer?: NodeJS.Timeout;
  private started = 0;
  private due = 0;
  private done?: () => void;
  readonly finished: Promise<void>;

  constructor(
    private readonly url: string,
    private readonly pattern: LoadPattern,
    private readonly opts: { durationMs: number; maxInFlight?: number },
  ) {
    this.finished = new Promise((r) => (this.done = r));
  }

  get elapsedMs(): number {
    return this.started ? Date.now() - this.started : 0;
  }

  currentRate(): number {
    return rateAt(this.pattern, this.elapsedMs);
  }

  start(): this {
    this.started = Date.now();
    let last = this.started;
    this.timer = setInterval(() => {
      const now = Date.now();
      if (now - this.started >= this.opts.durationMs) return this.stop();
      this.due += (rateAt(this.pattern, now - this.started) * (now - last)) / 1000;
      last = now;
      while (this.due >= 1) {
        this.due -= 1;
        if (this.stats.inFlight >= (this.opts.maxInFlight ?? 256)) this.stats.skipped++;
        else this.send();
      }
    }, 20);
    return this;
  }

  private send(): void {
    this.stats.sent++;
    this.stats.inFlight++;
    const req = http.get(this.url, { agent: this.agent, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => {
        this.stats.inFlight--;
        if (res.statusCode === 200) this.stats.ok++;
        else this.stats.errors++;
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      this.stats.inFlight--;
      this.stats.errors++;
    });
  }

  /** Sends no more; requests in flight finish (10 s at most) before `finished` resolves. */
  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    const until = Date.now() + 10_000;
    const wait = setInterval(() => {
      if (this.stats.inFlight > 0 && Date.now() < until) return;
      clearInterval(wait);
      this.agent.destroy();
      this.done?.();
    }, 20);
  }
}
