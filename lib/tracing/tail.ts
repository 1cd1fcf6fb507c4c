// Tail decisions: a trace the traces-per-second limit leaves out is not dropped at once. Its spans
// wait here, as rows the writer could store, for the decision wait after its last span arrived;
// if any span of it has an error status or lasts at least the slow threshold, the whole trace is
// stored (what waited and what comes later), otherwise it is dropped. Errors and slow requests are
// what one searches traces for, so a rate limit must not sample them away.
// Pure logic with its clock and the writer passed in; the process's one buffer is in tail-buffer.ts.

/** What the tail needs of a trace's spans in one export, and the rows to store if it is kept. */
export interface HeldTrace {
  traceId: string;
  spans: number;
  error: boolean;
  slow: boolean;
  /** node:v8-serialized SpanRowSet, as the bulk writer takes it */
  rows: Uint8Array<ArrayBuffer>;
}

export type TailReason = 'tail_error' | 'tail_slow';

export interface TailDeps {
  now: () => number;
  /** stores rows; the buffer counts them kept once this resolves, dropped when it rejects */
  write: (rows: Uint8Array<ArrayBuffer>) => Promise<void>;
  count: (spans: number, decision: 'kept' | 'dropped', reason: TailReason | 'rate_limit' | 'tail_buffer_full') => void;
}

interface Pending {
  parts: HeldTrace[];
  bytes: number;
  spans: number;
  deadline: number;
}

export class TailBuffer {
  private readonly pending = new Map<string, Pending>();
  /** traces kept by a tail decision, and until when later spans of them are kept at once */
  private readonly kept = new Map<string, { reason: TailReason; until: number }>();
  private bytes = 0;

  constructor(
    private readonly deps: TailDeps,
    private readonly waitMs: number,
    private readonly maxBytes: number,
  ) {}

  get heldBytes(): number {
    return this.bytes;
  }

  get heldTraces(): number {
    return this.pending.size;
  }

  hold(traces: readonly HeldTrace[]): void {
    const now = this.deps.now();
    for (const t of traces) {
      const decided = this.kept.get(t.traceId);
      if (decided) {
        this.store([t], decided.reason);
        continue;
      }
      const reason: TailReason | undefined = t.error ? 'tail_error' : t.slow ? 'tail_slow' : undefined;
      const p = this.pending.get(t.traceId);
      if (reason) {
        this.pending.delete(t.traceId);
        if (p) this.bytes -= p.bytes;
        // Later spans of this trace (other services, later exports) are kept without waiting.
        this.kept.set(t.traceId, { reason, until: now + this.waitMs * 6 });
        this.store([...(p?.parts ?? []), t], reason);
        continue;
      }
      if (p) {
        p.parts.push(t);
        p.bytes += t.rows.byteLength;
        p.spans += t.spans;
        p.deadline = now + this.waitMs;
        // A Map iterates in insertion order: re-inserting keeps the oldest deadline first.
        this.pending.delete(t.traceId);
        this.pending.set(t.traceId, p);
      } else {
        this.pending.set(t.traceId, {
          parts: [t],
          bytes: t.rows.byteLength,
          spans: t.spans,
          deadline: now + this.waitMs,
        });
      }
      this.bytes += t.rows.byteLength;
    }
    // Past the byte budget the traces that waited longest are decided early: dropped.
    for (const [id, p] of this.pending) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(id, p, 'tail_buffer_full');
    }
  }

  /** Drops the traces whose decision wait has passed with nothing to keep them for. */
  sweep(): void {
    const now = this.deps.now();
    for (const [id, p] of this.pending) {
      if (p.deadline > now) break;
      this.drop(id, p, 'rate_limit');
    }
    for (const [id, k] of this.kept) if (k.until <= now) this.kept.delete(id);
  }

  /** Everything still waiting is dropped (shutdown: these were sampled out, no client was promised them). */
  clear(): void {
    for (const [id, p] of this.pending) this.drop(id, p, 'rate_limit');
    this.kept.clear();
  }

  private drop(id: string, p: Pending, reason: 'rate_limit' | 'tail_buffer_full'): void {
    this.pending.delete(id);
    this.bytes -= p.bytes;
    this.deps.count(p.spans, 'dropped', reason);
  }

  private store(parts: readonly HeldTrace[], reason: TailReason): void {
    for (const part of parts)
      this.deps.write(part.rows).then(
        () => this.deps.count(part.spans, 'kept', reason),
        () => this.deps.count(part.spans, 'dropped', reason),
      );
  }
}

export interface TailPolicy {
  /** a span this long or longer keeps its trace (0: slowness keeps nothing) */
  slowUs: number;
  /** a span with an error status keeps its trace */
  errors: boolean;
}

/** Pure: the spans of a batch grouped by trace, each with whether the policy keeps it. */
export function groupForTail<S extends { traceId: string; status: number; durationUs: number }>(
  spans: readonly S[],
  policy: TailPolicy,
): Map<string, { spans: S[]; error: boolean; slow: boolean }> {
  const out = new Map<string, { spans: S[]; error: boolean; slow: boolean }>();
  for (const s of spans) {
    let g = out.get(s.traceId);
    if (!g) {
      g = { spans: [], error: false, slow: false };
      out.set(s.traceId, g);
    }
    g.spans.push(s);
    if (policy.errors && s.status === 2) g.error = true;
    if (policy.slowUs > 0 && s.durationUs >= policy.slowUs) g.slow = true;
  }
  return out;
}
