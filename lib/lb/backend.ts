// One backend of the proxy: its configuration, health (active and passive), breaker, in-flight
// count, latency (EWMA for balancing; a DDSketch per minute for p50/p95) and recent history.
import { DDSketch } from '@datadog/sketches-js';
import { z } from 'zod';
import { Breaker, type BreakerConfig } from './breaker';
import { ewma } from './algorithms';
import { type HealthState, initialHealth, initialPassive, isEjected, type PassiveState } from './health';
import { UpstreamPool } from './upstream';

export const backendSpecSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "id is 1–64 letters, digits, '_', '.' or '-'"),
  host: z.string().min(1).max(253).default('127.0.0.1'),
  port: z.number().int().min(1).max(65_535),
  weight: z.number().int('weight is a whole number').min(1, 'weight is 1–100').max(100, 'weight is 1–100').default(1),
  /** traffic split group: stable / canary, blue / green */
  pool: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,31}$/, 'pool is a lowercase name')
    .default('stable'),
  region: z.string().max(64).optional(),
  maxConnections: z.number().int().min(1).max(100_000).default(256),
  enabled: z.boolean().default(true),
});
export type BackendSpec = z.infer<typeof backendSpecSchema>;

export interface HealthEvent {
  at: number;
  ok: boolean;
  status: HealthState['status'];
  latencyMs?: number;
  error?: string;
}

const SKETCH = { relativeAccuracy: 0.01 };

/** A Candidate itself: the balancer picks among backends with no copy made per request. */
export class Backend {
  health: HealthState;
  passive: PassiveState = initialPassive();
  readonly breaker: Breaker;
  active = 0;
  ewmaMs = 0;
  requests = 0;
  errors = 0;
  /** answers by status class (2xx … 5xx; 0xx: no answer), counted as they finish */
  readonly byClass = [0, 0, 0, 0, 0, 0];
  draining = false;
  readonly history: HealthEvent[] = [];
  /** kept-alive connections to it */
  pool: UpstreamPool;
  /** requests per second over the last 60 s, one slot per second */
  private readonly perSecond = new Array<number>(60).fill(0);
  private second = 0;
  private sketches: { minute: number; current: DDSketch; previous: DDSketch } = {
    minute: 0,
    current: new DDSketch(SKETCH),
    previous: new DDSketch(SKETCH),
  };

  constructor(
    public spec: BackendSpec,
    breaker: BreakerConfig,
    now: number,
  ) {
    this.health = initialHealth(now);
    this.breaker = new Breaker(breaker);
    this.pool = Backend.pool(spec);
  }

  get id(): string {
    return this.spec.id;
  }

  get weight(): number {
    return this.spec.weight;
  }

  /** The proxy counts and limits requests itself; the pool holds one connection per request in flight. */
  static pool(spec: BackendSpec): UpstreamPool {
    return new UpstreamPool(spec.host, spec.port);
  }

  eligible(now: number, checksOn: boolean): boolean {
    return (
      this.spec.enabled && !this.draining && (!checksOn || this.health.status === 'up') && !isEjected(this.passive, now)
    );
  }

  observe(ms: number, ok: boolean, now: number, status = 0): void {
    this.requests++;
    const cls = Math.min(5, Math.max(0, Math.floor(status / 100)));
    this.byClass[cls] = (this.byClass[cls] ?? 0) + 1;
    if (!ok) this.errors++;
    this.ewmaMs = ewma(this.ewmaMs, ms);
    this.tick(now);
    const slot = Math.floor(now / 1000) % 60;
    this.perSecond[slot] = (this.perSecond[slot] ?? 0) + 1;
    const minute = Math.floor(now / 60_000);
    if (minute !== this.sketches.minute) {
      this.sketches = {
        minute,
        current: new DDSketch(SKETCH),
        previous: minute === this.sketches.minute + 1 ? this.sketches.current : new DDSketch(SKETCH),
      };
    }
    this.sketches.current.accept(Math.max(ms, 0.001));
  }

  private tick(now: number): void {
    const s = Math.floor(now / 1000);
    for (let t = Math.max(this.second + 1, s - 59); t <= s; t++) this.perSecond[t % 60] = 0;
    this.second = Math.max(this.second, s);
  }

  /** Requests per second over the last `seconds` whole seconds. */
  rate(now: number, seconds = 10): number {
    this.tick(now);
    const s = Math.floor(now / 1000);
    let n = 0;
    for (let t = s - seconds; t < s; t++) n += this.perSecond[((t % 60) + 60) % 60] ?? 0;
    return n / seconds;
  }

  /** Response times of the current and previous minute, in one sketch (callers may merge more in). */
  sketch(into = new DDSketch(SKETCH)): DDSketch {
    if (Math.floor(Date.now() / 60_000) - this.sketches.minute > 1) return into; // nothing recent
    into.merge(this.sketches.previous);
    into.merge(this.sketches.current);
    return into;
  }

  /** p50/p95 over the current and previous minute. */
  latency(): { p50: number | null; p95: number | null; samples: number } {
    const merged = this.sketch();
    if (merged.count === 0) return { p50: null, p95: null, samples: 0 };
    return {
      p50: merged.getValueAtQuantile(0.5) ?? null,
      p95: merged.getValueAtQuantile(0.95) ?? null,
      samples: merged.count,
    };
  }

  record(event: HealthEvent): void {
    this.history.push(event);
    if (this.history.length > 120) this.history.shift();
  }
}
