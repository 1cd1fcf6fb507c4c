// Redline traces itself: each API request handled by the route wrapper is a server span of the
// service "redline", joined to the caller's trace when it sends a W3C traceparent header, with a
// span for each statement, Redis command, outbound call and cache lookup it waited on (added where
// they happen: lib/observability/context's addChild). Head-sampled by a runtime setting (default
// all), then held to the traces-per-second limit like received traces — with the same tail
// decision: a request over the limit is still traced, and stored if it failed (5xx) or was slow.
// The spans go through the bulk writer like anyone else's, so they are searched the same way.
import { randomBytes } from 'node:crypto';
import { addChild, type SelfTrace } from '../observability/context';
import { once, slot } from '../process/registry';
import { metrics } from '../metrics';
import { liveSetting } from '../settings/live';
import { keepTrace, SAMPLED_METRIC, traceArrivals } from './rate-limit';
import type { SpanRecord } from './model';
import { selfSpans } from './self-spans';
import { tailPolicy } from './tail-buffer';

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const RESOURCE = { 'service.name': 'redline', 'telemetry.sdk.name': 'redline' };

/** the entropy ids are cut from, refilled 8 KiB at a time */
const ID_POOL = slot<{ bytes: Buffer; offset: number }>('traceIdPool');

/**
 * A random id of `bytes` bytes in hex, cut from a pool of entropy: one system call per ~340 traces
 * instead of one per id. Each call also crossed Next.js's wrapper of node:crypto: ids were ~60 µs
 * of every traced request (bench:cost), more than the rest of tracing.
 */
function hexId(bytes: number): string {
  const pool = once(ID_POOL, () => ({ bytes: Buffer.alloc(0), offset: 0 }));
  if (pool.offset + bytes > pool.bytes.length) {
    pool.bytes = randomBytes(8_192);
    pool.offset = 0;
  }
  pool.offset += bytes;
  return pool.bytes.toString('hex', pool.offset - bytes, pool.offset);
}
const epochUs = () => Math.floor((performance.timeOrigin + performance.now()) * 1000);

/** The caller's trace and span from a traceparent header, if it is well formed and not all zero. */
export function parseTraceparent(header: string | null): { traceId: string; spanId: string } | null {
  const m = header ? TRACEPARENT.exec(header.trim().toLowerCase()) : null;
  if (!m || /^0+$/.test(m[1] as string) || /^0+$/.test(m[2] as string)) return null;
  return { traceId: m[1] as string, spanId: m[2] as string };
}

/** A new trace for a request, or undefined when head sampling leaves it out. */
export function beginTrace(
  headers: Headers,
  rate = liveSetting('monitoring.tracing.selfSampleRate'),
): SelfTrace | undefined {
  if (rate <= 0 || (rate < 1 && Math.random() >= rate)) return undefined;
  const parent = parseTraceparent(headers.get('traceparent'));
  const traceId = parent?.traceId ?? hexId(16);
  // The trace rate limit, by trace id like received traces (a caller's trace was counted where it began).
  const arrivals = traceArrivals();
  if (!parent) arrivals.add(1);
  const held = !keepTrace(traceId, arrivals.keepRatio(liveSetting('monitoring.tracing.maxTracesPerSecond')));
  if (held && !tailPolicy()) {
    metrics().counter(SAMPLED_METRIC, 1, { decision: 'dropped', reason: 'rate_limit' });
    return undefined;
  }
  return {
    traceId,
    spanId: hexId(8),
    parentId: parent?.spanId ?? null,
    startUs: epochUs(),
    children: [],
    ...(held ? { held } : {}),
  };
}

/** Pure: why a held request's trace is kept — a 5xx or an errored child, or its length — or null. */
export function tailReason(
  trace: Pick<SelfTrace, 'children'>,
  status: number,
  durationUs: number,
  policy: { slowUs: number; errors: boolean } | null,
): 'tail_error' | 'tail_slow' | null {
  if (!policy) return null;
  if (policy.errors && (status >= 500 || trace.children.some((c) => c.error))) return 'tail_error';
  if (policy.slowUs > 0 && durationUs >= policy.slowUs) return 'tail_slow';
  return null;
}

export interface RequestEnd {
  method: string;
  route: string;
  path: string;
  status: number;
}

/** The root span's own fields: what the request or job was. */
interface RootSpan {
  name: string;
  kind: number;
  status: number;
  statusMessage?: string | null;
  attributes: SpanRecord['attributes'];
}

/** A trace's spans as records: the root first, then its children. */
function spanRecords(trace: SelfTrace, root: RootSpan, endUs: number): SpanRecord[] {
  const base = {
    traceId: trace.traceId,
    service: 'redline',
    statusMessage: null,
    events: [],
    links: [],
    resource: RESOURCE,
    scope: { name: 'redline', version: '' },
  };
  const first: SpanRecord = {
    ...base,
    ...root,
    statusMessage: root.statusMessage ?? null,
    spanId: trace.spanId,
    parentId: trace.parentId,
    startUs: trace.startUs,
    durationUs: Math.max(0, endUs - trace.startUs),
  };
  const children = trace.children.map(
    (c): SpanRecord => ({
      ...base,
      spanId: hexId(8),
      parentId: trace.spanId,
      name: c.name,
      kind: c.kind,
      startUs: c.startUs,
      durationUs: c.durationUs,
      status: c.error ? 2 : 0,
      attributes: c.attributes,
    }),
  );
  return [first, ...children];
}

/** The request's spans as records: the server span first, then its children. */
export function traceRecords(trace: SelfTrace, end: RequestEnd, endUs = epochUs()): SpanRecord[] {
  return spanRecords(
    trace,
    {
      name: `${end.method} ${end.route}`,
      kind: 2,
      status: end.status >= 500 ? 2 : 0,
      attributes: {
        'http.request.method': end.method,
        'http.route': end.route,
        'url.path': end.path,
        'http.response.status_code': end.status,
      },
    },
    endUs,
  );
}

/** Stores a finished trace's records — at once, or over the limit only if the tail decision keeps it. */
function finish(trace: SelfTrace, failed: boolean, records: (endUs: number) => SpanRecord[]): void {
  const endUs = epochUs();
  if (!trace.held) {
    selfSpans().add(records(endUs), 'rate_limit');
    return;
  }
  const reason = tailReason(trace, failed ? 500 : 200, endUs - trace.startUs, tailPolicy());
  if (reason) {
    trace.held = false; // stored after all: the traceresponse says sampled
    selfSpans().add(records(endUs), reason);
  } else metrics().counter(SAMPLED_METRIC, 1 + trace.children.length, { decision: 'dropped', reason: 'rate_limit' });
}

/** Ends a request's trace: its spans are handed to the bulk writer (never throws, never waits). */
export function endTrace(trace: SelfTrace | undefined, end: RequestEnd): void {
  if (trace) finish(trace, end.status >= 500, (endUs) => traceRecords(trace, end, endUs));
}

export interface JobRun {
  job: string;
  trigger: 'schedule' | 'manual';
  /** the error that ended the run, if one did */
  error?: string;
}

/**
 * Background job runs are traced too: a run started from a traced request (Run now) is a span in
 * that request's trace; a scheduled run is a trace of its own — an internal span, its statements
 * and calls under it — sampled and limited like requests.
 */
export const jobTracer = {
  begin(parent: SelfTrace | undefined): SelfTrace | undefined {
    return parent ? undefined : beginTrace(new Headers());
  },
  end(own: SelfTrace | undefined, parent: SelfTrace | undefined, run: JobRun, durationMs: number): void {
    const attributes = { 'job.name': run.job, 'job.trigger': run.trigger };
    if (parent) {
      addChild(parent, { name: `job ${run.job}`, kind: 1, attributes, error: Boolean(run.error) }, durationMs);
      return;
    }
    if (!own) return;
    finish(own, Boolean(run.error), (endUs) =>
      spanRecords(
        own,
        { name: `job ${run.job}`, kind: 1, status: run.error ? 2 : 0, statusMessage: run.error ?? null, attributes },
        endUs,
      ),
    );
  },
};
