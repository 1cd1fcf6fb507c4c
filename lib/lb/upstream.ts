// Kept-alive connections to one backend. Each connection carries one exchange at a time: a
// request head (and body) written, the response parsed by llhttp and handed to a sink as it comes.
// Idle connections are reused newest first and closed after the keep-alive time.
import net from 'node:net';
import { Http1Parser, type ParsedHead, type ParseError, RESPONSE, setReading } from './http-parser';

/** Where a response goes as it arrives (the proxy's client side). */
export interface ResponseSink {
  /** the final response head (status ≥ 200) */
  head(h: ParsedHead): void;
  /** 100 Continue, passed on to the client */
  continue(): void;
  body(chunk: Buffer): void;
  end(): void;
  /** the exchange failed: a connection error code, and whether any of the response had arrived */
  fail(code: string, responded: boolean): void;
  /** the backend can take more of the request body */
  drain(): void;
  /** around each batch of parsed bytes, so what it produces leaves in one write */
  cork(): void;
  uncork(): void;
  /** when the exchange last made progress (the timeout counts from here) */
  readonly lastProgress: number;
}

export class UpstreamConn {
  readonly sock: net.Socket;
  private readonly parser: Http1Parser;
  private sink: ResponseSink | null = null;
  private headOnly = false;
  private informational = false;
  /** a response head arrived for the current exchange */
  responded = false;
  /** the whole request was written: only then may the connection carry another */
  requestDone = false;
  reusable = true;
  idleSince = 0;
  private lastError = '';
  /** the sink corked for the read being parsed, uncorked once the parser is through it */
  private corked: ResponseSink | null = null;
  private readPaused = false;

  constructor(private readonly pool: UpstreamPool) {
    this.parser = new Http1Parser(RESPONSE, {
      head: (h) => this.onHead(h),
      body: (chunk) => {
        this.cork();
        this.sink?.body(chunk);
      },
      complete: () => this.onComplete(),
    });
    this.sock = net.connect({ host: pool.host, port: pool.port, noDelay: true });
    // The parser reads the socket itself, in C++ (no stream machinery, no buffer per read); the
    // handle exists from connect() on, and reading starts once connected.
    this.parser.consume(this.sock, (err) => this.onExecuted(err));
    this.sock.on('drain', () => this.sink?.drain());
    this.sock.on('error', (e: NodeJS.ErrnoException) => {
      this.lastError = e.code ?? e.message;
    });
    this.sock.on('close', () => {
      this.pool.forget(this);
      // A body delimited by the end of the connection is complete now; anything else was cut.
      if (this.sink && this.responded) this.parser.finish();
      this.parser.close();
      if (this.sink) this.abandon(this.lastError || 'ECONNRESET');
    });
  }

  /** What one read of the backend produced leaves for the client in one write. */
  private cork(): void {
    if (this.corked || !this.sink) return;
    this.corked = this.sink;
    this.corked.cork();
  }

  /** After each read the parser took. */
  private onExecuted(err: ParseError | undefined): void {
    const s = this.corked;
    this.corked = null;
    s?.uncork();
    if (err) this.abandon(`UPSTREAM_${err.code}`);
  }

  /** The client reads slower than the backend sends: stop reading until it catches up. */
  pauseReading(): void {
    if (this.readPaused) return;
    this.readPaused = true;
    setReading(this.sock, false);
  }

  resumeReading(): void {
    // Only what pauseReading() stopped: a connection still connecting starts reading by itself.
    if (!this.readPaused) return;
    this.readPaused = false;
    setReading(this.sock, true);
  }

  /** Starts an exchange: the request head (and the start of its body) goes out at once. */
  send(head: string, sink: ResponseSink, headOnly: boolean, requestDone: boolean): void {
    this.sink = sink;
    this.headOnly = headOnly;
    this.responded = false;
    this.requestDone = requestDone;
    this.resumeReading(); // it may have been paused for a slow client of the exchange before
    this.sock.write(head, 'latin1'); // heads are as the parser gave them: a char per byte
  }

  /** More of the request body; false when the backend's socket buffer is full (wait for drain). */
  write(data: Buffer | string): boolean {
    return this.sock.write(data);
  }

  /** Ends the current exchange from the proxy's side (the client went away): the connection is dropped. */
  abandon(code: string): void {
    const s = this.sink;
    this.sink = null;
    this.reusable = false;
    this.sock.destroy();
    s?.fail(code, this.responded);
  }

  expire(before: number): void {
    if (this.sink && this.sink.lastProgress < before) this.abandon('TIMEOUT');
  }

  private onHead(h: ParsedHead): boolean {
    if (h.status < 200) {
      this.informational = true; // its (empty) message completes before the real answer
      if (h.status === 100) this.sink?.continue();
      else if (h.status === 101) this.abandon('UPSTREAM_UNEXPECTED_UPGRADE'); // never asked for
      return false;
    }
    this.responded = true;
    if (!h.keepAlive) this.reusable = false;
    this.cork();
    this.sink?.head(h);
    return this.headOnly;
  }

  private onComplete(): void {
    if (this.informational) {
      this.informational = false;
      return;
    }
    const s = this.sink;
    this.sink = null;
    // A backend that answered before reading the whole request body cannot take another request.
    if (!this.requestDone) this.reusable = false;
    this.pool.release(this);
    s?.end();
  }
}

export class UpstreamPool {
  private readonly idle: UpstreamConn[] = [];
  private readonly open = new Set<UpstreamConn>();
  private closed = false;

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly keepAliveMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** An idle connection (newest first), or a new one; `reused` says which. */
  acquire(): { conn: UpstreamConn; reused: boolean } {
    for (let c = this.idle.pop(); c; c = this.idle.pop())
      if (!c.sock.destroyed && c.sock.writable) return { conn: c, reused: true };
    return this.fresh();
  }

  /** Always a new connection (a retry after a reused one turned out closed). */
  fresh(): { conn: UpstreamConn; reused: boolean } {
    const conn = new UpstreamConn(this);
    this.open.add(conn);
    return { conn, reused: false };
  }

  release(c: UpstreamConn): void {
    if (!c.reusable || this.closed || c.sock.destroyed) {
      c.sock.destroy();
      return;
    }
    c.idleSince = this.now();
    this.idle.push(c);
  }

  forget(c: UpstreamConn): void {
    this.open.delete(c);
    const i = this.idle.indexOf(c);
    if (i >= 0) this.idle.splice(i, 1);
  }

  /**
   * Fails exchanges that made no progress since `before` (the proxy's once-a-second sweep: no timer
   * per request, and no per-request bookkeeping beyond the connection it is on).
   */
  expire(before: number): void {
    for (const c of this.open) c.expire(before);
  }

  /** Closes connections idle for longer than the keep-alive time. */
  sweep(now = this.now()): void {
    for (const c of [...this.idle]) if (now - c.idleSince > this.keepAliveMs) c.sock.destroy();
  }

  destroy(): void {
    this.closed = true;
    for (const c of [...this.open]) c.sock.destroy();
  }
}
