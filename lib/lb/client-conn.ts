// One client connection to the proxy. Requests are parsed by llhttp as bytes arrive and answered
// strictly in order: the first is forwarded while any pipelined after it wait (reading pauses
// until they can go). Its request body streams on to the backend, with back-pressure both ways.
import type net from 'node:net';
import { Http1Parser, type ParsedHead, type ParseError, REQUEST, setReading } from './http-parser';
import { plainResponse } from './wire';

export interface Exchange {
  readonly conn: ClientConn;
  readonly head: ParsedHead;
  /** body chunks that arrived before a backend was picked; null once they flow */
  pending: Buffer[] | null;
  requestDone: boolean;
  /** takes the request body once a backend is picked (null: the end of it) */
  bodySink: ((chunk: Buffer | null) => boolean) | null;
  /** whoever is answering it now (an attempt at a backend, or the wait for one) */
  handler: ExchangeHandler | null;
  /** the response is complete */
  done: boolean;
}

export interface ExchangeHandler {
  /** the client can take more of the response */
  clientDrain(): void;
  /** the client went away mid-exchange */
  clientGone(): void;
}

export interface ClientLimits {
  /** an idle kept-alive connection is closed after this */
  keepAliveMs: number;
  /** a request head must arrive within this (slow-loris) */
  headersTimeoutMs: number;
  maxHeaderSize: number;
}

export const DEFAULT_CLIENT_LIMITS: ClientLimits = {
  keepAliveMs: 65_000,
  headersTimeoutMs: 60_000,
  maxHeaderSize: 16_384,
};

export class ClientConn {
  /** the exchange being answered */
  private current: Exchange | null = null;
  /** pipelined ones waiting their turn (rare; a plain field for the usual one-at-a-time case keeps
   * per-request objects out of long-lived arrays, which the GC would have to trace) */
  private readonly later: Exchange[] = [];
  private readonly parser: Http1Parser;
  private closing = false;
  private readPaused = false;
  private lastActive: number;
  /** when the bytes of a request head started arriving (null between requests) */
  private headSince: number | null = null;

  constructor(
    readonly sock: net.Socket,
    private readonly dispatch: (ex: Exchange) => void,
    private readonly limits: ClientLimits,
    private readonly now: () => number,
  ) {
    this.lastActive = now();
    this.remoteAddress = sock.remoteAddress ?? '';
    this.parser = new Http1Parser(
      REQUEST,
      { head: (h) => this.onHead(h), body: (c) => this.onBody(c), complete: () => this.onComplete() },
      limits.maxHeaderSize,
    );
    sock.setNoDelay(true);
    // llhttp reads the socket itself: no 'data' events.
    this.parser.consume(sock, (err) => this.onExecuted(err));
    sock.on('drain', () => this.current?.handler?.clientDrain());
    sock.on('error', () => undefined); // a reset client: 'close' follows
    sock.on('close', () => this.onClose());
  }

  /** the client's address, read once (a getpeername system call) */
  readonly remoteAddress: string;

  /** After each read the parser took: a head still arriving starts the slow-loris clock. */
  private onExecuted(err: ParseError | undefined): void {
    this.lastActive = this.now();
    if (err) {
      if (!this.closing) this.protocolError(err);
      return;
    }
    if (!this.parser.headersCompleted()) this.headSince ??= this.lastActive;
  }

  private onHead(h: ParsedHead): boolean {
    this.headSince = null;
    if (this.closing) return false; // pipelined after a request that closes the connection
    if (h.upgrade || h.method === 'CONNECT') {
      // Tunnels (WebSocket, CONNECT) are not proxied: say so and close.
      this.refuseAndClose(501, 'Not Implemented', 'The proxy does not forward upgrades or CONNECT tunnels');
      return false;
    }
    const ex: Exchange = {
      conn: this,
      head: h,
      pending: [],
      requestDone: false,
      bodySink: null,
      handler: null,
      done: false,
    };
    if (!this.current) {
      this.current = ex;
      this.dispatch(ex);
    } else {
      this.later.push(ex);
      this.pauseReading(); // pipelined: it waits its turn, and nothing more is read meanwhile
    }
    return false;
  }

  /** The exchange whose request is being read: the newest. */
  private last(): Exchange | null {
    return this.later.length ? (this.later[this.later.length - 1] ?? null) : this.current;
  }

  private get pending(): number {
    return (this.current ? 1 : 0) + this.later.length;
  }

  private onBody(chunk: Buffer): void {
    if (this.closing) return; // what follows a request that closes the connection is not read
    const ex = this.last();
    if (!ex) return;
    if (ex.bodySink) {
      if (!ex.bodySink(chunk)) this.pauseReading(); // the backend is slower than the client
    } else ex.pending?.push(chunk);
  }

  private onComplete(): void {
    if (this.closing) return;
    const ex = this.last();
    if (!ex) return;
    ex.requestDone = true;
    ex.bodySink?.(null);
    if (!ex.head.keepAlive) {
      this.closing = true; // nothing after a request that closes the connection is read
      this.pauseReading();
    }
  }

  /** Hands the body that arrived so far to the backend; what comes later goes straight there. */
  attachBody(ex: Exchange, sink: (chunk: Buffer | null) => boolean): void {
    ex.bodySink = sink;
    const pending = ex.pending ?? [];
    ex.pending = null;
    for (const c of pending) sink(c);
    if (ex.requestDone) sink(null);
  }

  /** The backend took what was written: read more of the client's request body. */
  resumeBody(): void {
    if (this.later.length === 0 && !this.closing) this.resumeReading();
  }

  /** latin1 for heads: llhttp gives header bytes as a char each, and they go on unchanged. */
  write(data: string | Buffer, encoding: 'latin1' | 'utf8' = 'utf8'): boolean {
    return this.sock.write(data, encoding);
  }

  /** The exchange at the head has its whole response: the next pipelined one may go. */
  finish(ex: Exchange, keepAlive: boolean): void {
    ex.done = true;
    if (this.current === ex) this.current = this.later.shift() ?? null;
    this.lastActive = this.now();
    if (!keepAlive || (!ex.head.keepAlive && !this.current)) {
      this.closing = true;
      // Closed once the answer is flushed: reading may have stopped (a request that closes the
      // connection), so the client's own close might never be seen.
      this.sock.end();
      this.sock.once('finish', () => this.sock.destroy());
      return;
    }
    if (this.current) this.dispatch(this.current);
    if (this.later.length === 0 && !this.closing) this.resumeReading();
  }

  /** Cuts the connection (a response that broke off midway cannot be repaired). */
  destroy(): void {
    this.closing = true;
    this.sock.destroy();
  }

  /** Closes connections idle past the keep-alive time and heads that take too long to arrive. */
  sweep(now: number): void {
    if (this.headSince !== null && now - this.headSince > this.limits.headersTimeoutMs) {
      if (!this.current) this.refuseAndClose(408, 'Request Timeout', 'The request head did not arrive in time');
      else this.destroy();
    } else if (!this.current && now - this.lastActive > this.limits.keepAliveMs) this.destroy();
  }

  private protocolError(err: ParseError): void {
    if (this.pending) {
      this.destroy(); // mid-exchange: nothing sensible can be answered
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    this.refuseAndClose(
      tooLarge ? 431 : 400,
      tooLarge ? 'Request Header Fields Too Large' : 'Bad Request',
      tooLarge ? 'The request head is too large' : `Malformed request (${err.code})`,
    );
  }

  private refuseAndClose(status: number, reason: string, message: string): void {
    this.closing = true;
    if (this.pending) {
      this.destroy();
      return;
    }
    const body = JSON.stringify({
      error: {
        code:
          status === 431
            ? 'headers_too_large'
            : status === 408
              ? 'request_timeout'
              : status === 501
                ? 'not_implemented'
                : 'bad_request',
        message,
      },
    });
    this.sock.end(plainResponse(status, reason, body, { 'content-type': 'application/json' }, false));
  }

  private pauseReading(): void {
    if (this.readPaused) return;
    this.readPaused = true;
    setReading(this.sock, false);
  }

  private resumeReading(): void {
    if (!this.readPaused) return;
    this.readPaused = false;
    setReading(this.sock, true);
  }

  private onClose(): void {
    this.closing = true;
    this.parser.close();
    const head = this.current;
    this.current = null;
    this.later.length = 0;
    if (head && !head.done) head.handler?.clientGone();
  }
}
