// Node's own HTTP/1.1 parser (llhttp, the C parser its http server runs), driven directly by the
// proxy. Why not node:http or undici: their per-request objects (IncomingMessage, ServerResponse,
// streams, undici's Request) cost the proxy about twice the CPU of the forwarding itself
// (bench:proxy measured 59–77 µs a request against 32–42 µs this way). The parser is the same strict
// one node:http uses, so request smuggling defences (conflicting Content-Length and
// Transfer-Encoding, bare LF, invalid header characters) are llhttp's, not ours.
// Reached through `_http_common`, the module node:http itself takes it from; the calling
// convention below is that of Node 20, 22 and 24 (node_http_parser.cc; CI runs the proxy tests on each).
import type net from 'node:net';

export const REQUEST = 1;
export const RESPONSE = 2;

/** What a read or finish() gives back when the input is not valid HTTP/1.1. */
export interface ParseError extends Error {
  code: string;
  reason?: string;
  bytesParsed?: number;
}

export interface ParsedHead {
  /** flat [name, value, …] as sent */
  headers: string[];
  /** requests: method name and target; responses: status and reason */
  method: string;
  url: string;
  status: number;
  reason: string;
  versionMinor: number;
  upgrade: boolean;
  keepAlive: boolean;
}

export interface ParserCallbacks {
  /** return true to tell the parser the message has no body (a response to HEAD) */
  head: (h: ParsedHead) => boolean | undefined;
  body: (chunk: Buffer) => void;
  complete: () => void;
}

interface NativeParser {
  initialize(type: number, resource: object, maxHeaderSize: number, lenient: number): void;
  finish(): ParseError | undefined;
  close(): void;
  consume(handle: StreamHandle): void;
  unconsume(): void;
  [slot: number]: unknown;
}

/** The libuv stream under a net.Socket (TCPWrap), as node:http's server drives it. */
interface StreamHandle {
  isStreamBase?: boolean;
  reading: boolean;
  readStart(): number;
  readStop(): number;
}
interface NativeParserClass {
  new (): NativeParser;
  prototype: NativeParser;
  kOnMessageBegin: number;
  kOnHeaders: number;
  kOnHeadersComplete: number;
  kOnBody: number;
  kOnMessageComplete: number;
  kOnExecute: number;
  kLenientNone: number;
}

// Fetched at run time: Next's bundler must not try to resolve an internal module.
const common = process.getBuiltinModule('_http_common') as { HTTPParser: NativeParserClass; methods: string[] };
const { HTTPParser, methods } = common;

const PARSER_SLOTS = [
  'kOnMessageBegin',
  'kOnHeaders',
  'kOnHeadersComplete',
  'kOnBody',
  'kOnMessageComplete',
  'kOnExecute',
] as const;
// Node 22 dropped the native headersCompleted(); the head's state is tracked from the callbacks.
const PARSER_METHODS = ['initialize', 'finish', 'close', 'consume', 'unconsume'] as const;

/**
 * What is missing from Node's private parser API as this file uses it (empty when all is there).
 * `_http_common` is internal to Node and may change shape in any release; the proxy checks this
 * before it listens, and a unit test fails loudly on a Node whose parser moved.
 */
export function parserApiProblems(): string[] {
  const problems: string[] = [];
  if (typeof HTTPParser !== 'function') return ['_http_common.HTTPParser is not a constructor'];
  for (const k of PARSER_SLOTS)
    if (typeof HTTPParser[k] !== 'number') problems.push(`HTTPParser.${k} is not a slot index`);
  if (typeof HTTPParser.kLenientNone !== 'number') problems.push('HTTPParser.kLenientNone is missing');
  for (const m of PARSER_METHODS) {
    if (typeof (HTTPParser.prototype as unknown as Record<string, unknown>)[m] !== 'function')
      problems.push(`HTTPParser.prototype.${m} is not a function`);
  }
  if (!Array.isArray(methods) || !methods.includes('GET')) problems.push('_http_common.methods has no GET');
  return problems;
}

export class Http1Parser {
  private readonly native = new HTTPParser();
  // More than 32 headers arrive in pieces before the head completes.
  private pendingHeaders: string[] = [];
  private pendingUrl = '';
  private consumed = false;
  // The head of the message being read is complete: set by its head, cleared when a message begins.
  private headDone = false;

  constructor(kind: typeof REQUEST | typeof RESPONSE, cb: ParserCallbacks, maxHeaderSize = 16_384) {
    const p = this.native;
    p.initialize(kind, {}, maxHeaderSize, HTTPParser.kLenientNone);
    p[HTTPParser.kOnMessageBegin] = () => {
      this.headDone = false;
    };
    p[HTTPParser.kOnHeaders] = (headers: string[], url: string) => {
      for (const h of headers) this.pendingHeaders.push(h);
      this.pendingUrl += url;
    };
    p[HTTPParser.kOnHeadersComplete] = (
      _major: number,
      versionMinor: number,
      headers: string[] | undefined,
      method: number,
      url: string | undefined,
      status: number,
      reason: string,
      upgrade: boolean,
      keepAlive: boolean,
    ) => {
      let all = headers;
      if (!all) {
        all = this.pendingHeaders;
        this.pendingHeaders = [];
      }
      const target = url || this.pendingUrl;
      this.pendingUrl = '';
      this.headDone = true;
      // 1: no body follows (llhttp's F_SKIPBODY), for responses to HEAD.
      return cb.head({
        headers: all,
        method: methods[method] ?? '',
        url: target,
        status,
        reason,
        versionMinor,
        upgrade,
        keepAlive,
      })
        ? 1
        : 0;
    };
    p[HTTPParser.kOnBody] = cb.body; // a copy of the bytes, safe to keep
    p[HTTPParser.kOnMessageComplete] = cb.complete;
  }

  /**
   * Has the parser read the socket itself, in C++, as node:http's server does: no 'data' events, no
   * stream buffering, no Buffer per read. `executed` runs after each read, with the parse error if there was one. A TCP
   * socket always has its libuv stream from connect() or accept() on.
   */
  consume(sock: net.Socket, executed: (err: ParseError | undefined) => void): void {
    const handle = streamHandle(sock);
    if (!handle?.isStreamBase)
      throw new Error('the proxy reads sockets through their libuv stream, and this one has none');
    this.native[HTTPParser.kOnExecute] = (ret: number | ParseError) =>
      executed(typeof ret === 'number' ? undefined : ret);
    this.native.consume(handle);
    this.consumed = true;
  }

  /** Whether the message being read has its whole head (false while a head is arriving). */
  headersCompleted(): boolean {
    return this.headDone;
  }

  /** The peer closed: completes a message delimited by the close, or says it was cut short. */
  finish(): ParseError | undefined {
    return this.native.finish();
  }

  close(): void {
    if (this.consumed) this.native.unconsume();
    this.consumed = false;
    this.native.close();
  }
}

const streamHandle = (sock: net.Socket) => (sock as unknown as { _handle?: StreamHandle | null })._handle;

/**
 * Stops or restarts reading a consumed socket (its stream pause/resume would not: no data flows
 * through the stream). What node:http's server does for a consumed socket, flag included.
 */
export function setReading(sock: net.Socket, on: boolean): void {
  const h = streamHandle(sock);
  if (!h || h.reading === on) return;
  h.reading = on;
  if (on) h.readStart();
  else h.readStop();
}
