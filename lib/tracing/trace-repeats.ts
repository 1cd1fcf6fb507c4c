// Repeated calls (N+1) across the received traces of a time range: the newest traces with five
// client spans or more are read whole, each is checked as the trace view checks it (patterns.ts),
// and the same call in many traces is one row — how many traces, the most in one, the time in it,
// and the trace to open. Redline's own statements are left to its query-repeat recorder.
import { db } from '../db';
import { Prisma } from '../db/generated/sqlite/client';
import { MIN_REPEATS, type RepeatedCall, repeatedCalls } from './patterns';
import { getTrace } from './store';

export interface TraceRepeat {
  kind: RepeatedCall['kind'];
  service: string;
  key: string;
  /** traces the call repeated in */
  traces: number;
  /** the most calls in one of them */
  maxCount: number;
  /** the calls' time added up over those traces, and the time at least one ran */
  totalUs: number;
  wallUs: number;
  /** side by side in at least one trace (Promise.all) */
  concurrent: boolean;
  /** the trace with the most calls, to open */
  exampleTraceId: string;
}

/** Pure: the repeats found in each trace, one row per call, most time first. */
export function aggregateRepeats(perTrace: readonly { traceId: string; patterns: RepeatedCall[] }[]): TraceRepeat[] {
  const rows = new Map<string, TraceRepeat>();
  for (const { traceId, patterns } of perTrace)
    for (const p of patterns) {
      const id = `${p.service}\u0000${p.kind}\u0000${p.key}`;
      const r = rows.get(id);
      if (!r) {
        rows.set(id, {
          kind: p.kind,
          service: p.service,
          key: p.key,
          traces: 1,
          maxCount: p.count,
          totalUs: p.totalUs,
          wallUs: p.wallUs,
          concurrent: p.order !== 'sequential',
          exampleTraceId: traceId,
        });
        continue;
      }
      r.traces++;
      r.totalUs += p.totalUs;
      r.wallUs += p.wallUs;
      r.concurrent ||= p.order !== 'sequential';
      if (p.count > r.maxCount) {
        r.maxCount = p.count;
        r.exampleTraceId = traceId;
      }
    }
  return [...rows.values()].sort((a, b) => b.wallUs - a.wallUs || b.traces - a.traces);
}

/** Client spans looked at, newest first, to pick the traces; and traces read whole at most. */
export const REPEAT_SCAN = { spans: 25_000, traces: 50 } as const;

export async function repeatedCallsInTraces(
  fromUs: number,
  toUs: number,
): Promise<{ repeats: TraceRepeat[]; tracesRead: number; stoppedAfter: number | null }> {
  const candidates = await db().$queryRaw<{ traceId: string; n: number | bigint }[]>(
    Prisma.sql`SELECT "traceId", COUNT(*) AS n FROM (SELECT "traceId","start" FROM "TraceSpan" WHERE "start" >= ${fromUs} AND "start" <= ${toUs} AND "kind" = 3 AND "service" <> 'redline' ORDER BY "start" DESC LIMIT ${REPEAT_SCAN.spans}) AS c GROUP BY "traceId" HAVING COUNT(*) >= ${MIN_REPEATS} ORDER BY MAX("start") DESC LIMIT ${REPEAT_SCAN.traces + 1}`,
  );
  const ids = candidates.slice(0, REPEAT_SCAN.traces).map((c) => c.traceId);
  const perTrace = [];
  for (const traceId of ids) perTrace.push({ traceId, patterns: repeatedCalls(await getTrace(traceId)) });
  return {
    repeats: aggregateRepeats(perTrace),
    tracesRead: ids.length,
    stoppedAfter: candidates.length > REPEAT_SCAN.traces ? REPEAT_SCAN.traces : null,
  };
}
