// One attempt to answer a client's request from one backend: the request head (and body) out on
// a kept-alive connection, the response back to the client as it arrives, re-framed where the two
// sides differ (chunked for HTTP/1.1 clients when the length is unknown), with back-pressure both
// ways and the outcome counted against the backend. One object per attempt, its methods the
// callbacks (the proxy's hot path: no closures made per request).
import type { Backend } from './backend';
import type { Exchange, ExchangeHandler } from './client-conn';
import { observeTraffic, type PassiveConfig } from './health';
import type { ParsedHead } from './http-parser';
import type { ResponseSink, UpstreamConn } from './upstream';
import { CHUNK_END, chunkHeader, type Framing, LAST_CHUNK, requestHead, responseHead } from './wire';

export type Outcome = 'done' | 'connect-failed' | 'stale';

/** What an attempt needs of the proxy around it. */
export interface AttemptContext {
  now: () => number;
  /** read on each use: the operator may change them while the proxy runs */
  options: {
    passive: PassiveConfig;
    sticky: { enabled: boolean; cookie: string; maxAgeMs: number };
    timeoutMs: number;
  };
  /** the attempt settled (counted, or not): free its slot */
  settled: (backend: string, ms: number, status: number, counted: boolean) => void;
  /** the proxy's own answer in the exchange's turn (504 on a timeout) */
  refuse: (ex: Exchange, message: string, retryAfterS: number, status: number) => void;
}

/** The request as it goes to backends (the same for every attempt). */
export interface Outgoing {
  /** flat [name, value, …]: the request's own minus hop-by-hop ones, plus X-Forwarded-* and traceparent */
  headers: string[];
  hasBody: boolean;
  /** the body comes in chunked transfer coding (re-chunked towards the backend) */
  chunked: boolean;
  /** the request named its host (HTTP/1.0 ones may not: the backend's address is sent then) */
  hasHost: boolean;
  /** the backend its sticky-session cookie names */
  stickyId: string | undefined;
}

export class Attempt implements ResponseSink, ExchangeHandler {
  /** when the backend last sent anything (or the request went out): the timeout counts from here */
  lastProgress: number;
  private status = 502;
  private framing: Framing = 'none';
  private keepAlive = true;
  private clientGoneAway = false;
  private settledYet = false;
  private readonly started = performance.now();
  private readonly http11: boolean;
  /** response pieces of the backend read being parsed (null: none being parsed) */
  private batch: (string | Buffer)[] | null = null;
  private batchBytes = 0;
  readonly conn: UpstreamConn;
  readonly reused: boolean;

  constructor(
    private readonly ctx: AttemptContext,
    readonly backend: Backend,
    readonly ex: Exchange,
    private readonly out: Outgoing,
    mayReuse: boolean,
    /** called once, when the response is complete or the attempt failed */
    private readonly done: (o: Outcome, a: Attempt) => void,
  ) {
    const { conn, reused } = mayReuse ? backend.pool.acquire() : backend.pool.fresh();
    this.conn = conn;
    this.reused = reused;
    this.http11 = ex.head.versionMinor >= 1;
    this.lastProgress = ctx.now();
  }

  /** Sends the request. */
  run(): void {
    const b = this.backend.spec;
    this.backend.active++;
    this.ex.handler = this;
    const authority = this.out.hasHost ? undefined : `${b.host.includes(':') ? `[${b.host}]` : b.host}:${b.port}`;
    const h = this.ex.head;
    this.conn.send(
      requestHead(h.method, h.url, this.out.headers, { chunked: this.out.chunked, host: authority }),
      this,
      h.method === 'HEAD',
      !this.out.hasBody,
    );
    if (this.out.hasBody) this.ex.conn.attachBody(this.ex, (chunk) => this.requestBody(chunk));
  }

  private requestBody(chunk: Buffer | null): boolean {
    this.lastProgress = this.ctx.now();
    if (chunk === null) {
      this.conn.requestDone = true;
      return this.out.chunked ? this.conn.write(LAST_CHUNK) : true;
    }
    if (!this.out.chunked) return this.conn.write(chunk);
    this.conn.write(chunkHeader(chunk.length));
    this.conn.write(chunk);
    return this.conn.write(CHUNK_END);
  }

  // ResponseSink: the backend's side.
  continue(): void {
    if (this.http11) this.ex.conn.write('HTTP/1.1 100 Continue\r\n\r\n');
  }

  head(h: ParsedHead): void {
    this.lastProgress = this.ctx.now();
    this.status = h.status;
    const sticky = this.ctx.options.sticky;
    const id = this.backend.spec.id;
    const extra =
      sticky.enabled && this.out.stickyId !== id
        ? [
            'set-cookie',
            `${sticky.cookie}=${encodeURIComponent(id)}; Max-Age=${Math.floor(sticky.maxAgeMs / 1000)}; Path=/; HttpOnly; SameSite=Lax`,
          ]
        : undefined;
    const bodiless = this.ex.head.method === 'HEAD' || h.status === 204 || h.status === 304;
    // An answer that starts before the request body has all arrived ends the connection: what is
    // left of the body cannot be told apart from a next request.
    const keepAlive = this.ex.head.keepAlive && this.ex.requestDone;
    const r = responseHead({
      status: h.status,
      reason: h.reason,
      headers: h.headers,
      bodiless,
      http11: this.http11,
      keepAlive,
      extra,
    });
    this.framing = r.framing;
    this.keepAlive = r.keepAlive;
    this.toClient(r.head);
  }

  body(chunk: Buffer): void {
    this.lastProgress = this.ctx.now();
    if (this.framing === 'chunked') {
      this.toClient(chunkHeader(chunk.length));
      this.toClient(chunk);
      this.toClient(CHUNK_END);
    } else this.toClient(chunk);
  }

  end(): void {
    if (this.framing === 'chunked') this.toClient(LAST_CHUNK);
    this.flush(false); // before finish(), which may end the connection or start the next exchange
    this.settle('done', this.status < 500);
    this.ex.conn.finish(this.ex, this.keepAlive);
  }

  fail(code: string, responded: boolean): void {
    if (this.clientGoneAway) this.settle('done', false);
    else if (responded) {
      this.ex.conn.destroy(); // the response had started: all that can be done is to cut it
      this.settle('done', false);
    } else if (code === 'TIMEOUT') {
      this.status = 504;
      this.ctx.refuse(this.ex, `The backend did not answer within ${this.ctx.options.timeoutMs} ms`, 1, 504);
      this.settle('done', false);
    } else if (this.reused && !code.startsWith('UPSTREAM_')) {
      this.settle('stale', false, false); // a reused connection the backend had closed meanwhile: not its failure
    } else this.settle('connect-failed', false);
  }

  drain(): void {
    this.ex.conn.resumeBody();
  }

  cork(): void {
    this.batch ??= [];
  }

  uncork(): void {
    this.flush(true);
  }

  /** Response bytes for the client: kept for one write while a read of the backend is parsed. */
  private toClient(data: string | Buffer): void {
    if (!this.batch) {
      if (!this.ex.conn.write(data, 'latin1')) this.conn.pauseReading();
      return;
    }
    this.batch.push(data);
    this.batchBytes += data.length; // strings here are a byte per char (latin1)
  }

  /**
   * One write for what a read of the backend produced (the usual answer: head and body in one
   * buffer, no writev), or, past 16 KiB, the pieces corked as they are rather than copied.
   * `mayPause`: a client slower than the backend stops the reading of it (not once the answer is
   * complete: the connection is back in the pool then).
   */
  private flush(mayPause: boolean): void {
    const parts = this.batch;
    this.batch = null;
    if (!parts?.length) return;
    const client = this.ex.conn;
    let room = true;
    if (parts.length === 1) room = client.write(parts[0] as string | Buffer, 'latin1');
    else if (this.batchBytes > 16_384) {
      client.sock.cork();
      for (const p of parts) room = client.write(p, 'latin1');
      client.sock.uncork();
    } else {
      const buf = Buffer.allocUnsafe(this.batchBytes);
      let at = 0;
      for (const p of parts) at += typeof p === 'string' ? buf.write(p, at, 'latin1') : p.copy(buf, at);
      room = client.write(buf);
    }
    this.batchBytes = 0;
    if (!room && mayPause) this.conn.pauseReading(); // the client reads slower than the backend sends
  }

  // ExchangeHandler: the client's side.
  clientDrain(): void {
    this.conn.resumeReading();
  }

  clientGone(): void {
    this.clientGoneAway = true;
    this.conn.abandon('CLIENT_GONE');
  }

  private settle(outcome: Outcome, ok: boolean, counted = true): void {
    if (this.settledYet) return;
    this.settledYet = true;
    if (this.ex.handler === this) this.ex.handler = null;
    const b = this.backend;
    b.active--;
    const ms = performance.now() - this.started;
    // A request the client abandoned says nothing about the backend: no ejection, no breaker.
    const count = counted && !this.clientGoneAway;
    if (count) {
      const now = this.ctx.now();
      b.passive = observeTraffic(b.passive, this.conn.responded, this.ctx.options.passive, now);
      b.breaker.record(ok, now);
      b.observe(ms, ok, now, this.conn.responded ? this.status : 0);
    }
    this.ctx.settled(b.spec.id, ms, this.status, count);
    this.done(outcome, this);
  }
}
