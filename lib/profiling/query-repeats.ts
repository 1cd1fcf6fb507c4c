// N+1 in Redline's own requests and jobs: the same statement five times or more in one unit of
// work, one after another or overlapping (Promise.all). Aggregated in memory by (statement,
// route) and upserted every few seconds; the Profiling overview lists them with their evidence.
import { db } from '../db';
import { runAs, type WorkContext } from '../observability/context';
import { fingerprintOf, normalizeSql } from '../slow-queries/normalize';

export const REPEAT_THRESHOLD = 5;

interface Pending {
  fingerprint: string;
  sql: string;
  route: string;
  occurrences: number;
  maxRepeats: number;
  concurrent: boolean;
  totalMs: number;
  firstSeen: number;
  lastSeen: number;
}

export class QueryRepeatRecorder {
  private pending = new Map<string, Pending>();
  private timer?: NodeJS.Timeout;

  /** Called when a request or job ends, with the statements it ran. */
  workDone(work: WorkContext, now = Date.now()): void {
    if (!work.queries) return;
    for (const [sql, t] of work.queries) {
      if (t.count < REPEAT_THRESHOLD) continue;
      const text = normalizeSql(sql).slice(0, 4_000);
      const fingerprint = fingerprintOf(text);
      const key = `${fingerprint}\u0000${work.route}`;
      const p = this.pending.get(key);
      if (p) {
        p.occurrences++;
        p.maxRepeats = Math.max(p.maxRepeats, t.count);
        p.concurrent ||= t.concurrent;
        p.totalMs += t.totalMs;
        p.lastSeen = now;
      } else {
        this.pending.set(key, {
          fingerprint,
          sql: text,
          route: work.route,
          occurrences: 1,
          maxRepeats: t.count,
          concurrent: t.concurrent,
          totalMs: t.totalMs,
          firstSeen: now,
          lastSeen: now,
        });
      }
    }
  }

  start(everyMs = 5_000): void {
    this.timer ??= setInterval(() => void this.flush(), everyMs);
    this.timer.unref();
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const rows = [...this.pending.values()];
    this.pending = new Map();
    await runAs({ route: '(query-repeats)', internal: true }, async () => {
      for (const r of rows) {
        const existing = await db().queryRepeat.findUnique({
          where: { fingerprint_route: { fingerprint: r.fingerprint, route: r.route } },
        });
        if (existing)
          await db().queryRepeat.update({
            where: { id: existing.id },
            data: {
              occurrences: existing.occurrences + r.occurrences,
              maxRepeats: Math.max(existing.maxRepeats, r.maxRepeats),
              concurrent: existing.concurrent || r.concurrent,
              totalMs: existing.totalMs + r.totalMs,
              lastSeen: BigInt(r.lastSeen),
            },
          });
        else
          await db().queryRepeat.create({
            data: { ...r, firstSeen: BigInt(r.firstSeen), lastSeen: BigInt(r.lastSeen) },
          });
      }
    }).catch((e: Error) => console.error(`[query-repeats] flush failed: ${e.message}`));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}

export async function listQueryRepeats(sinceMs: number, limit = 50) {
  const rows = await db().queryRepeat.findMany({
    where: { lastSeen: { gte: BigInt(sinceMs) } },
    orderBy: { totalMs: 'desc' },
    take: limit,
  });
  return rows.map((r) => ({
    ...r,
    firstSeen: new Date(Number(r.firstSeen)).toISOString(),
    lastSeen: new Date(Number(r.lastSeen)).toISOString(),
    meanRepeatMs: r.totalMs / Math.max(1, r.occurrences),
  }));
}
