// Pure: admission control ahead of Next.js. Each class of route has a concurrency limit and a
// bounded queue; past both, a request is refused at once (503 + Retry-After) instead of piling up
// until every client times out and memory grows with the backlog. Health checks and static files
// never wait, so a load balancer can still tell an overloaded instance from a dead one.

export type RouteClass = 'health' | 'static' | 'stream' | 'ingest' | 'delivery' | 'image' | 'heavy' | 'page' | 'api';

export interface ClassLimit {
  /** requests served at once */
  concurrency: number;
  /** requests waiting for a slot; more are refused */
  queue: number;
}

export const DEFAULT_LIMITS: Record<Exclude<RouteClass, 'health' | 'static'>, ClassLimit> = {
  // Long-lived Server-Sent Events: a slot each, no queue.
  stream: { concurrency: 64, queue: 0 },
  // Ingest waits mostly on threads (decode, then the bulk writer's commit), not the event loop, and
  // holds its slot until the commit: many in flight let the writer commit them together (8 slots
  // took 111 small batches/s at 256 connections, 32 took 567, with health p99 alike; the body-byte
  // budget bounds the memory). The queue stays short: past it, a 503 says retry sooner than waiting would.
  ingest: { concurrency: 32, queue: 32 },
  // Signed delivery URLs and reads of the images API: a cached variant or text asset is a file
  // read, never queued behind encodes; a miss that encodes takes an `image` slot as well
  // (lib/images/encode-slot.ts).
  delivery: { concurrency: 64, queue: 256 },
  image: { concurrency: 2, queue: 16 },
  heavy: { concurrency: 4, queue: 32 },
  // A browser opening one page also prefetches every navigation link: room for a few at once.
  page: { concurrency: 8, queue: 64 },
  api: { concurrency: 32, queue: 256 },
};

const HEAVY = [
  '/api/metrics/series',
  '/api/metrics/heatmap',
  '/api/metrics/band',
  '/api/optimization/performance',
  '/api/performance/reports',
  '/api/performance/dashboard',
  '/api/performance/scaling/backtest',
  '/api/performance/scaling/forecast',
];
const INGEST = ['/api/ingest/', '/v1/traces', '/v1/logs', '/v1/metrics', '/api/v2/spans', '/api/rum/collect'];

const READS = new Set(['GET', 'HEAD']);

/** The class of a request, from its method and URL path alone (no parsing beyond the path). */
export function classify(method: string, url: string): RouteClass {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (path === '/api/ping' || path === '/api/health') return 'health';
  if (path.startsWith('/_next/static/') || path === '/favicon.ico' || path === '/rum.js') return 'static';
  if (path === '/api/performance/metrics/realtime') return 'stream';
  if (method === 'POST' && INGEST.some((p) => path.startsWith(p))) return 'ingest';
  // A read of an image variant is a file read when cached; a miss takes an `image` slot to encode.
  if (path.startsWith('/d/') || (READS.has(method) && path === '/api/optimization/images')) return 'delivery';
  if (path.startsWith('/api/optimization/images') || path.startsWith('/api/optimization/assets')) return 'image';
  if (HEAVY.some((p) => path === p)) return 'heavy';
  if (path.startsWith('/api/')) return 'api';
  return 'page';
}

/** Event-loop lateness past which bulk work is refused (ms). */
export const LAG_LIMIT_MS = 40;
const SHED_ON_LAG = new Set<RouteClass>(['ingest', 'image', 'heavy', 'page']);

interface Waiter {
  admit: () => void;
  refuse: () => void;
  enqueuedAt: number;
}

export type Admission = { admitted: true; release: () => void } | { admitted: false; retryAfterSeconds: number };

export interface AdmissionStats {
  inFlight: Record<string, number>;
  slots: Record<string, number>;
  queued: Record<string, number>;
  refused: Record<string, number>;
  bodyBytes: number;
}

export class AdmissionControl {
  private readonly inFlight = new Map<RouteClass, number>();
  private readonly queues = new Map<RouteClass, Waiter[]>();
  private readonly refused = new Map<RouteClass, number>();
  private bodyBytes = 0;
  private readonly adaptive = new Map<RouteClass, number>();

  constructor(
    private readonly limits: Record<string, ClassLimit> = DEFAULT_LIMITS,
    /** request bodies admitted at once, by declared size: what the process may have to buffer */
    private readonly maxBodyBytes = 256 * 1024 * 1024,
    private readonly maxWaitMs = 3_000,
    private readonly now: () => number = () => performance.now(),
    /** how late the event loop is running now (ms); past LAG_LIMIT_MS new bulk work is refused */
    private readonly lagMs: () => number = () => 0,
  ) {}

  /** Admits now, queues (calling `onAdmit` later, or `onRefuse` if the wait runs out), or refuses at once. */
  request(
    cls: RouteClass,
    bodyBytes: number,
    onAdmit: (release: () => void) => void,
    onRefuse: (retryAfterSeconds: number) => void,
  ): 'admitted' | 'queued' | 'refused' {
    if (cls === 'health' || cls === 'static') {
      onAdmit(() => undefined);
      return 'admitted';
    }
    const limit = this.limits[cls] ?? DEFAULT_LIMITS.api;
    if (this.bodyBytes + bodyBytes > this.maxBodyBytes && bodyBytes > 0) return this.refuse(cls, onRefuse, 2);
    const running = this.inFlight.get(cls) ?? 0;
    if (running < this.concurrencyOf(cls)) {
      onAdmit(this.take(cls, bodyBytes));
      return 'admitted';
    }
    const queue = this.queues.get(cls) ?? [];
    this.queues.set(cls, queue);
    if (queue.length >= limit.queue) return this.refuse(cls, onRefuse, this.retryAfter(cls));
    // Every slot is taken, a backlog is waiting and the event loop runs late: the process is behind,
    // so bulk work is refused rather than queued, and health checks and sign-ins keep their turn.
    // (A free slot or a short queue is always used: one slow task must not turn users away.)
    if (SHED_ON_LAG.has(cls) && queue.length >= limit.concurrency && this.lagMs() > LAG_LIMIT_MS)
      return this.refuse(cls, onRefuse, 1);
    // sweep() drops the waiter, refusing it, once it has waited too long.
    queue.push({
      admit: () => onAdmit(this.take(cls, bodyBytes)),
      refuse: () => this.refuse(cls, onRefuse, this.retryAfter(cls)),
      enqueuedAt: this.now(),
    });
    return 'queued';
  }

  /**
   * Every few hundred ms: refuses queued requests that waited past maxWaitMs, and adapts each bulk
   * class's concurrency to the event loop (AIMD). CPU-bound work such as page renders fills the
   * loop at any concurrency, so while it runs late the class gets fewer slots (×0.7, at least
   * one), leaving the loop time to answer health checks and refuse the excess at once; once it
   * is on time again, slots come back one at a time up to the configured limit.
   */
  sweep(): void {
    const limitAt = this.now() - this.maxWaitMs;
    for (const queue of this.queues.values()) {
      while (queue.length && (queue[0] as Waiter).enqueuedAt < limitAt) {
        (queue.shift() as Waiter).refuse();
      }
    }
    const lag = this.lagMs();
    for (const cls of SHED_ON_LAG) {
      const configured = (this.limits[cls] ?? DEFAULT_LIMITS.api).concurrency;
      const current = this.concurrencyOf(cls);
      const running = this.inFlight.get(cls) ?? 0;
      if (lag > LAG_LIMIT_MS && running >= current) this.adaptive.set(cls, Math.max(1, Math.floor(current * 0.7)));
      else if (lag < LAG_LIMIT_MS / 4 && current < configured) {
        this.adaptive.set(cls, current + 1);
        this.queues.get(cls)?.shift()?.admit();
      }
    }
  }

  /** The slots a class has now (the configured limit, or less while the event loop runs late). */
  concurrencyOf(cls: RouteClass): number {
    return this.adaptive.get(cls) ?? (this.limits[cls] ?? DEFAULT_LIMITS.api).concurrency;
  }

  stats(): AdmissionStats {
    const obj = (m: Map<RouteClass, number>) => Object.fromEntries(m);
    return {
      inFlight: obj(this.inFlight),
      slots: Object.fromEntries([...SHED_ON_LAG].map((c) => [c, this.concurrencyOf(c)])),
      queued: Object.fromEntries([...this.queues].map(([k, q]) => [k, q.length])),
      refused: obj(this.refused),
      bodyBytes: this.bodyBytes,
    };
  }

  private take(cls: RouteClass, bodyBytes: number): () => void {
    this.inFlight.set(cls, (this.inFlight.get(cls) ?? 0) + 1);
    this.bodyBytes += bodyBytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight.set(cls, (this.inFlight.get(cls) ?? 1) - 1);
      this.bodyBytes -= bodyBytes;
      if ((this.inFlight.get(cls) ?? 0) < this.concurrencyOf(cls)) this.queues.get(cls)?.shift()?.admit();
    };
  }

  private refuse(cls: RouteClass, onRefuse: (s: number) => void, retryAfterSeconds: number): 'refused' {
    this.refused.set(cls, (this.refused.get(cls) ?? 0) + 1);
    onRefuse(retryAfterSeconds);
    return 'refused';
  }

  /** A hint proportional to the backlog: 1 s for a short queue, up to 10 s for a long one. */
  private retryAfter(cls: RouteClass): number {
    const limit = this.limits[cls] ?? DEFAULT_LIMITS.api;
    const queued = this.queues.get(cls)?.length ?? 0;
    return Math.min(10, 1 + Math.floor(queued / Math.max(1, limit.concurrency) / 4));
  }
}
