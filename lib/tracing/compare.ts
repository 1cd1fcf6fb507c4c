// Pure: two traces side by side, by operation (service and span name) — which appear in one only,
// how many times each ran in each, and how their time changed — so "why was this request slower
// than that one" reads as a list of differences, largest first.
import { type SpanRecord, summarize, type TraceSummary } from './model';

export interface OperationDiff {
  service: string;
  name: string;
  countA: number;
  countB: number;
  /** durations added up, µs */
  totalUsA: number;
  totalUsB: number;
  change: 'added' | 'removed' | 'changed' | 'same';
}

export interface TraceComparison {
  a: TraceSummary;
  b: TraceSummary;
  /** B's duration minus A's, µs */
  durationDeltaUs: number;
  operations: OperationDiff[];
}

/** Within this much (and this share) two totals count as the same: clock granularity, not a change. */
const SAME_US = 1_000;
const SAME_SHARE = 0.05;

export function compareTraces(
  a: { traceId: string; spans: readonly SpanRecord[] },
  b: { traceId: string; spans: readonly SpanRecord[] },
): TraceComparison {
  const ops = new Map<string, OperationDiff>();
  const add = (s: SpanRecord, side: 'A' | 'B') => {
    const k = `${s.service}\u0000${s.name}`;
    const d = ops.get(k) ?? {
      service: s.service,
      name: s.name,
      countA: 0,
      countB: 0,
      totalUsA: 0,
      totalUsB: 0,
      change: 'same' as const,
    };
    d[`count${side}`]++;
    d[`totalUs${side}`] += s.durationUs;
    ops.set(k, d);
  };
  for (const s of a.spans) add(s, 'A');
  for (const s of b.spans) add(s, 'B');
  const operations = [...ops.values()].map((d) => {
    const delta = Math.abs(d.totalUsB - d.totalUsA);
    const change: OperationDiff['change'] =
      d.countA === 0
        ? 'added'
        : d.countB === 0
          ? 'removed'
          : d.countA !== d.countB || (delta > SAME_US && delta > SAME_SHARE * Math.max(d.totalUsA, d.totalUsB))
            ? 'changed'
            : 'same';
    return { ...d, change };
  });
  operations.sort(
    (x, y) =>
      Number(y.change !== 'same') - Number(x.change !== 'same') ||
      Math.abs(y.totalUsB - y.totalUsA) - Math.abs(x.totalUsB - x.totalUsA),
  );
  const sa = summarize(a.traceId, a.spans);
  const sb = summarize(b.traceId, b.spans);
  return { a: sa, b: sb, durationDeltaUs: sb.durationUs - sa.durationUs, operations };
}
