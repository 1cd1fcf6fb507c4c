// The proxy data plane: a lean Node listener on its own port (not a Next route) that forwards
// each request to one backend over kept-alive connections. Picks by the configured algorithm
// among eligible backends (health, ejection, breaker share, connection limit), honours sticky
// cookies and traffic splits, queues briefly when every backend is at its limit, retries
// idempotent requests once elsewhere when a connection fails, and passes X-Forwarded-* and
// W3C traceparent on.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { type Algorithm, type Balancer, createBalancer } from './algorithms';
import { Backend, type BackendSpec } from './backend';
import { type BreakerConfig, DEFAULT_BREAKER } from './breaker';
import { Attempt, type AttemptContext, type Outcome, type Outgoing } from './attempt';
import { ClientConn, type ClientLimits, DEFAULT_CLIENT_LIMITS, type Exchange } from './client-conn';
import { DEFAULT_PASSIVE, type HealthCheckConfig, healthCheckSchema, observeProbe, type PassiveConfig } from './health';
import { pickPool } from './split';
import { parserApiProblems } from './http-parser';
import { isHopByHop, plainResponse } from './wire';

export interface ProxyOptions {
  algorithm: Algorithm;
  healthCheck: HealthCheckConfig;
  /** false: backends count as up without probes (tests of the data plane alone) */
  healthChecksEnabled: boolean;
  sticky: { enabled: boolean; cookie: string; maxAgeMs: number };
  /** pool → weight (e.g. stable 90, canary 10); null sends to every pool alike */
  split: Record<string, number> | null;
  queue: { size: number; timeoutMs: number };
  passive: PassiveConfig;
  breaker: BreakerConfig;
  /** extra attempts on another backend for idempotent requests whose connection failed */
  retries: number;
  /** how long a backend may take to answer (or pause mid-body) before the request fails with 504 */
  timeoutMs: number;
  client: ClientLimits;
}

export const defaultProxyOptions = (): ProxyOptions => ({
  algorithm: 'least-connections',
  healthCheck: healthCheckSchema.parse({}),
  healthChecksEnabled: true,
  sticky: { enabled: false, cookie: 'lb-session', maxAgeMs: 3_600_000 },
  split: null,
  queue: { size: 256, timeoutMs: 2_000 },
  passive: DEFAULT_PASSIVE,
  breaker: DEFAULT_BREAKER,
  retries: 1,
  timeoutMs: 30_000,
  client: DEFAULT_CLIENT_LIMITS,
});

export interface ProxyEvents {
  /** one forwarded request, for the metrics store */
  request?: (backend: string, ms: number, status: number) => void;
  /** a backend's health changed */
  health?: (backend: string, status: string, detail: string | undefined) => void;
  /** the proxy thread's continuous-profile minutes and memory readings */
  profiler?: (
    msg:
      | { kind: 'minute'; minute: number; profile: unknown }
      | { kind: 'memory'; at: number; heapUsed: number; heapTotal: number },
  ) => void;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** A request being routed: what every attempt at it shares. */
interface Routing {
  ex: Exchange;
  out: Outgoing;
  clientKey: string;
  retryable: boolean;
  /** backends tried so far, in order */
  tried: string[];
}

interface Waiter {
  resolve: () => void;
  timer: NodeJS.Timeout;
}

export class LoadBalancer {
  readonly backends = new Map<string, Backend>();
  private balancer: Balancer;
  private server?: net.Server;
  private probeTimer?: NodeJS.Timeout;
  private sweepTimer?: NodeJS.Timeout;
  private readonly waiting: Waiter[] = [];
  private readonly clients = new Set<ClientConn>();
  private readonly context: AttemptContext;
  private probing = false;

  constructor(
    readonly options: ProxyOptions = defaultProxyOptions(),
    private readonly events: ProxyEvents = {},
    private readonly now: () => number = Date.now,
  ) {
    this.balancer = createBalancer(options.algorithm);
    this.context = {
      now,
      options,
      settled: (backend, ms, status, counted) => {
        if (counted) this.events.request?.(backend, ms, status);
        this.wake();
      },
      refuse: (ex, message, retryAfterS, status) => this.refuse(ex, message, retryAfterS, status),
    };
  }

  setAlgorithm(algorithm: Algorithm): void {
    this.options.algorithm = algorithm;
    this.balancer = createBalancer(algorithm);
  }

  upsert(spec: BackendSpec): Backend {
    const known = this.backends.get(spec.id);
    if (known) {
      const moved = known.spec.host !== spec.host || known.spec.port !== spec.port;
      known.spec = spec;
      if (moved) {
        known.pool.destroy();
        known.pool = Backend.pool(spec);
      }
      return known;
    }
    const b = new Backend(spec, this.options.breaker, this.now());
    this.backends.set(spec.id, b);
    if (this.probeTimer) void this.probe(b); // a new backend is checked at once, not at the next round
    return b;
  }

  /** Stops sending new requests to a backend and resolves once its in-flight ones finish (or time runs out). */
  async drain(id: string, timeoutMs = 30_000): Promise<boolean> {
    const b = this.backends.get(id);
    if (!b) return true;
    b.draining = true;
    const deadline = this.now() + timeoutMs;
    while (b.active > 0 && this.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return b.active === 0;
  }

  remove(id: string): void {
    const b = this.backends.get(id);
    if (!b) return;
    b.pool.destroy();
    this.backends.delete(id);
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    const problems = parserApiProblems();
    if (problems.length)
      throw new Error(
        `this Node (${process.version}) changed the HTTP parser the proxy drives: ${problems.join('; ')}`,
      );
    const server = net.createServer({ noDelay: true }, (sock) => {
      const c = new ClientConn(sock, (ex) => void this.handle(ex), this.options.client, this.now);
      this.clients.add(c);
      sock.once('close', () => this.clients.delete(c));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, resolve);
    });
    // Timeouts are checked once a second for everything in flight, not with a timer per request.
    this.sweepTimer = setInterval(() => this.sweep(), 1_000);
    this.sweepTimer.unref();
    this.startProbes();
    return (server.address() as AddressInfo).port;
  }

  startProbes(): void {
    if (this.probeTimer || !this.options.healthChecksEnabled) return;
    const round = () => {
      if (this.probing) return;
      this.probing = true;
      void Promise.all([...this.backends.values()].map((b) => this.probe(b))).finally(() => {
        this.probing = false;
      });
    };
    this.probeTimer = setInterval(round, this.options.healthCheck.intervalMs);
    this.probeTimer.unref();
    round();
  }

  async close(): Promise<void> {
    clearInterval(this.probeTimer);
    clearInterval(this.sweepTimer);
    this.probeTimer = undefined;
    for (const w of this.waiting.splice(0)) {
      clearTimeout(w.timer);
      w.resolve();
    }
    if (this.server) {
      const closed = new Promise<void>((r) => this.server?.close(() => r()));
      for (const c of this.clients) c.destroy();
      await closed;
    }
    for (const b of this.backends.values()) b.pool.destroy();
  }

  private sweep(): void {
    const now = this.now();
    for (const b of this.backends.values()) b.pool.expire(now - this.options.timeoutMs);
    for (const c of this.clients) c.sweep(now);
    for (const b of this.backends.values()) b.pool.sweep(now);
  }

  /** One active health probe: GET path, within the timeout, expecting the status. */
  async probe(b: Backend): Promise<void> {
    const hc = this.options.healthCheck;
    const started = performance.now();
    const outcome = await new Promise<{ ok: boolean; error?: string }>((resolve) => {
      const req = http.get(
        {
          host: b.spec.host,
          port: b.spec.port,
          path: hc.path,
          timeout: hc.timeoutMs,
          agent: false,
          headers: { 'user-agent': 'redline-health-check' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode === hc.expectedStatus ? { ok: true } : { ok: false, error: `HTTP ${res.statusCode}` });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer in ${hc.timeoutMs} ms`)));
      req.on('error', (e: NodeJS.ErrnoException) => resolve({ ok: false, error: e.code ?? e.message }));
    });
    const latencyMs = performance.now() - started;
    const before = b.health.status;
    const now = this.now();
    b.health = observeProbe(b.health, outcome.ok, hc, now, { error: outcome.error, latencyMs });
    b.record({ at: now, ok: outcome.ok, status: b.health.status, latencyMs, error: outcome.error });
    if (b.health.status !== before) {
      this.events.health?.(b.spec.id, b.health.status, outcome.error);
      if (b.health.status === 'up') this.wake();
    }
  }

  /** The backend for this request, or why there is none. */
  choose(clientKey: string, stickyId: string | undefined, exclude: readonly string[]): Backend | 'none' | 'busy' {
    const now = this.now();
    // One pass: eligible (health, ejection, not excluded), not behind an open breaker (like an
    // ejection; ramping ones stay, admitted by their share below), and below the connection limit.
    let any = false;
    const free: Backend[] = [];
    for (const b of this.backends.values()) {
      if (
        (exclude.length && exclude.includes(b.spec.id)) ||
        !b.eligible(now, this.options.healthChecksEnabled) ||
        b.breaker.share(now) === 0
      )
        continue;
      any = true;
      if (b.active < b.spec.maxConnections) free.push(b);
    }
    if (!any) return 'none';
    if (!free.length) return 'busy';
    if (stickyId) {
      const s = free.find((b) => b.spec.id === stickyId && b.breaker.share(now) === 1);
      if (s) return s;
    }
    const pool = this.options.split ? pickPool(free, this.options.split, Math.random()) : free;
    // The breaker's ramp admits its share at random; if nothing is admitted, the ramping ones still serve.
    const admitted = pool.every((b) => b.breaker.state === 'closed')
      ? pool
      : pool.filter((b) => b.breaker.admits(now, Math.random()));
    const list = admitted.length ? admitted : pool;
    return this.balancer.pick(list, { key: clientKey, random: Math.random }) ?? 'none';
  }

  private wake(): void {
    const w = this.waiting.shift();
    if (!w) return;
    clearTimeout(w.timer);
    w.resolve();
  }

  private wait(): Promise<boolean> {
    if (this.waiting.length >= this.options.queue.size) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        resolve: () => resolve(true),
        timer: setTimeout(() => {
          const i = this.waiting.indexOf(waiter);
          if (i >= 0) this.waiting.splice(i, 1);
          resolve(false);
        }, this.options.queue.timeoutMs),
      };
      this.waiting.push(waiter);
    });
  }

  private handle(ex: Exchange): void {
    const clientKey = ex.conn.remoteAddress;
    const out = forwardHeaders(
      ex.head.headers,
      clientKey,
      this.options.sticky.enabled ? this.options.sticky.cookie : null,
    );
    this.route({ ex, out, clientKey, retryable: IDEMPOTENT.has(ex.head.method) && !out.hasBody, tried: [] });
  }

  /**
   * Picks a backend and sends the request there (callbacks, not promises: the hot path). With every
   * backend at its connection limit it waits in a bounded queue for a free slot.
   */
  private route(r: Routing): void {
    const b = this.choose(r.clientKey, r.out.stickyId, r.tried);
    if (b === 'busy') {
      const waiting = { gone: false, clientDrain: () => undefined, clientGone: () => (waiting.gone = true) };
      r.ex.handler = waiting;
      void this.wait().then((admitted) => {
        r.ex.handler = null;
        if (waiting.gone) return;
        if (!admitted) this.refuse(r.ex, 'All backends are at their connection limit and the queue is full', 1);
        else this.route(r);
      });
      return;
    }
    if (b === 'none') {
      if (r.tried.length) this.refuse(r.ex, 'The backend could not be reached', 1, 502);
      else this.refuse(r.ex, 'No healthy backend', Math.max(1, Math.ceil(this.options.healthCheck.intervalMs / 1000)));
      return;
    }
    r.tried.push(b.spec.id);
    this.attempt(b, r, true);
  }

  private attempt(b: Backend, r: Routing, mayReuse: boolean): void {
    const a = new Attempt(this.context, b, r.ex, r.out, mayReuse, (outcome, done) => this.attempted(r, outcome, done));
    a.run();
  }

  private attempted(r: Routing, outcome: Outcome, a: Attempt): void {
    if (outcome === 'done') return;
    // A kept-alive connection the backend had just closed: once more on a new one, not held against it.
    if (outcome === 'stale' && r.retryable) this.attempt(a.backend, r, false);
    // One more try elsewhere for idempotent requests whose connection failed.
    else if (r.retryable && r.tried.length <= this.options.retries) this.route(r);
    else this.refuse(r.ex, 'The backend could not be reached', 1, 502);
  }

  /** An answer from the proxy itself (no backend, queue full, timeout), in the exchange's turn. */
  private refuse(ex: Exchange, message: string, retryAfterS: number, status = 503): void {
    if (ex.done || ex.conn.sock.destroyed) return;
    const code = status === 503 ? 'unavailable' : status === 504 ? 'gateway_timeout' : 'bad_gateway';
    const reason = status === 503 ? 'Service Unavailable' : status === 504 ? 'Gateway Timeout' : 'Bad Gateway';
    // A request whose body is still arriving cannot be followed by another on this connection.
    const keepAlive = ex.head.keepAlive && ex.requestDone;
    ex.conn.write(
      plainResponse(
        status,
        reason,
        JSON.stringify({ error: { code, message } }),
        { 'content-type': 'application/json', 'retry-after': String(retryAfterS), 'cache-control': 'no-store' },
        keepAlive,
      ),
    );
    ex.conn.finish(ex, keepAlive);
  }
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

// Trace and span ids for requests that arrive without a traceparent: random bytes drawn 8 KiB at
// a time (one system call per ~340 requests instead of one each).
// Module state: the proxy runs on its own thread, whose pool of random bytes this is.
let entropy: Buffer = Buffer.alloc(0);
let offset = 0;
function traceIds(): string {
  if (offset + 24 > entropy.length) {
    entropy = randomBytes(8_184);
    offset = 0;
  }
  offset += 24;
  return entropy.toString('hex', offset - 24, offset);
}

/**
 * One pass over the raw headers (never building `req.headers`, which Node makes on first use):
 * hop-by-hop ones dropped, X-Forwarded-For appended to, -Proto and -Host kept or set, a valid
 * W3C traceparent kept (with its tracestate) or a new one started; the sticky-session backend read
 * from the named cookie.
 */
export function forwardHeaders(raw: readonly string[], clientIp: string, stickyCookie: string | null = null): Outgoing {
  const out: string[] = [];
  let xff: string | undefined;
  let proto: string | undefined;
  let fwdHost: string | undefined;
  let host: string | undefined;
  let traceparent: string | undefined;
  let tracestate: string | undefined;
  let cookie: string | undefined;
  let hasBody = false;
  let chunked = false;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = raw[i] as string;
    const v = raw[i + 1] as string;
    const lk = k.toLowerCase();
    if (lk === 'x-forwarded-for') xff = xff ? `${xff}, ${v}` : v;
    else if (lk === 'x-forwarded-proto') proto ??= v;
    else if (lk === 'x-forwarded-host') fwdHost ??= v;
    else if (lk === 'traceparent') traceparent ??= v;
    else if (lk === 'tracestate') tracestate = tracestate ? `${tracestate},${v}` : v;
    else {
      if (lk === 'transfer-encoding')
        hasBody = chunked = true; // llhttp accepts only chunked as the last coding
      else if (lk === 'content-length' && Number(v) > 0) hasBody = true;
      if (isHopByHop(lk)) continue;
      if (lk === 'cookie') cookie = cookie ? `${cookie}; ${v}` : v;
      else if (lk === 'host') host ??= v;
      out.push(k, v);
    }
  }
  out.push('x-forwarded-for', xff ? `${xff}, ${clientIp}` : clientIp, 'x-forwarded-proto', proto ?? 'http');
  if (fwdHost ?? host) out.push('x-forwarded-host', (fwdHost ?? host) as string);
  if (traceparent && TRACEPARENT.test(traceparent)) {
    out.push('traceparent', traceparent);
    if (tracestate) out.push('tracestate', tracestate);
  } else {
    const id = traceIds();
    out.push('traceparent', `00-${id.slice(0, 32)}-${id.slice(32)}-01`);
  }
  return {
    headers: out,
    hasBody,
    chunked,
    hasHost: host !== undefined,
    stickyId: stickyCookie ? readCookie(cookie, stickyCookie) : undefined,
  };
}

export type { BackendSpec };
