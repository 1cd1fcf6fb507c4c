// What the current async work is for: the route a request came in on, or a background task.
// Database timings and slow queries are attributed to it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { once, peek, slot } from '../process/registry';

/** the route or job the current async work is for */
export const WORK = slot<AsyncLocalStorage<WorkContext>>('work');
/** recent requests' and jobs' times, to label profile samples */
export const WORK_SPANS = slot<{ items: WorkSpan[]; next: number }>('workSpans');
/** told when a request or job ends (the N+1 recorder, registered at boot) */
export const WORK_DONE = slot<(work: WorkContext) => void>('workDone');

export interface WorkContext {
  route: string;
  /** Redline's own bookkeeping writes (metrics, slow queries): not measured, or it measures itself forever. */
  internal?: boolean;
  /** the statements this request or job ran, by normalized SQL (N+1 detection) */
  queries?: Map<string, QueryTally>;
  /** Redline's own trace of this request, when it is sampled (lib/tracing/self) */
  trace?: SelfTrace;
}

export interface SelfTrace {
  traceId: string;
  spanId: string;
  /** the caller's span, from its traceparent header */
  parentId: string | null;
  /** epoch µs */
  startUs: number;
  children: SelfChild[];
  /** over the traces-per-second limit: stored only if the tail decision keeps it (an error, slow) */
  held?: boolean;
}

/**
 * W3C Trace Context's traceresponse for the caller, to look the request up: sampled (01) unless the
 * request was over the traces-per-second limit and its tail decision (made as it ended) let it go.
 */
export function traceResponse(trace: SelfTrace): string {
  return `00-${trace.traceId}-${trace.spanId}-${trace.held ? '00' : '01'}`;
}

export interface SelfChild {
  name: string;
  /** OTLP SpanKind: 1 internal, 3 client */
  kind: number;
  startUs: number;
  durationUs: number;
  attributes: Record<string, string | number | boolean>;
  error?: boolean;
}

export interface QueryTally {
  count: number;
  totalMs: number;
  /** true once one ran while another of the same statement had not finished */
  concurrent: boolean;
  /** when the latest one ended (ms, performance clock) */
  lastEnd: number;
}

/** A request's or job's time on the process's monotonic clock (µs, as V8's profiler counts). */
export interface WorkSpan {
  start: number;
  end: number;
  label: string;
}

const SPANS_KEPT = 20_000;
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** A request's trace keeps at most this many child spans (a loop of 10,000 queries is one big trace otherwise). */
const MAX_CHILDREN = 256;
const epochUs = () => Math.floor((performance.timeOrigin + performance.now()) * 1000);

/** A child span that just ended after `durationMs` (a statement, a cache lookup, an outbound call). */
export function addChild(
  trace: SelfTrace | undefined,
  child: Omit<SelfChild, 'startUs' | 'durationUs'>,
  durationMs: number,
): void {
  if (!trace || trace.children.length >= MAX_CHILDREN) return;
  const durationUs = Math.max(0, Math.round(durationMs * 1000));
  trace.children.push({ ...child, startUs: epochUs() - durationUs, durationUs });
}

/** The same, under the trace of the request this async work belongs to (if it is traced). */
export const traceChild = (child: Omit<SelfChild, 'startUs' | 'durationUs'>, durationMs: number): void =>
  addChild(currentWork().trace, child, durationMs);

// One storage per process: the instrumentation bundle (where the database observer reads it) and
// every route bundle (where the wrapper writes it) must see the same one.
const storage = once(WORK, () => new AsyncLocalStorage<WorkContext>());

export const currentWork = (): WorkContext => storage.getStore() ?? { route: '(background)' };
/**
 * Runs `fn` as `ctx`. Awaits inside the context: Prisma's promises are lazy thenables whose query
 * starts on the first `then`, which would otherwise happen outside it.
 */
export function runAs<T>(ctx: WorkContext, fn: () => T | PromiseLike<T>): Promise<T> {
  if (ctx.internal) return storage.run(ctx, async () => await fn());
  const work: WorkContext = { ...ctx, queries: new Map() };
  const start = nowUs();
  return storage.run(work, async () => {
    try {
      return await fn();
    } finally {
      // Spans label continuous-profiling samples by route or job; a ring, so it never grows.
      const ring = once(WORK_SPANS, () => ({ items: [] as WorkSpan[], next: 0 }));
      ring.items[ring.next] = { start, end: nowUs(), label: ctx.route };
      ring.next = (ring.next + 1) % SPANS_KEPT;
      peek(WORK_DONE)?.(work);
    }
  });
}

/** The spans recorded since `sinceUs` (for labelling a profile of that time). */
export function workSpansSince(sinceUs: number): WorkSpan[] {
  return (peek(WORK_SPANS)?.items ?? []).filter((s) => s.end >= sinceUs);
}
