// Collects queries slower than the threshold, aggregated in memory by (normalized SQL, route) and
// upserted every few seconds. Each duration also goes to the db_slow_query_duration_ms histogram,
// so p95 per query and range comes from the metrics store's sketches.
import type { Db, Dialect } from '../db';
import type { MetricsWriter } from '../metrics/writer';
import { runAs } from '../observability/context';
import { fingerprintOf, normalizeSql } from './normalize';
import { type SlowQueryAgg, slowQueryUpsert } from './sql';

export class SlowQueryRecorder {
  private pending = new Map<string, SlowQueryAgg>();
  private timer?: NodeJS.Timeout;
  private readonly normalized = new Map<string, { sql: string; fingerprint: string }>();

  constructor(
    private readonly db: () => Db,
    private readonly dialect: () => Dialect,
    private readonly metrics: () => MetricsWriter,
    private readonly threshold: () => number,
  ) {}

  observe(sql: string, durationMs: number, route: string, now = Date.now()): void {
    if (durationMs < this.threshold()) return;
    let n = this.normalized.get(sql);
    if (!n) {
      const text = normalizeSql(sql);
      n = { sql: text.slice(0, 4_000), fingerprint: fingerprintOf(text) };
      if (this.normalized.size > 5_000) this.normalized.clear(); // bounded memo
      this.normalized.set(sql, n);
    }
    const key = `${n.fingerprint}\u0000${route}`;
    const agg = this.pending.get(key);
    if (agg) {
      agg.count += 1;
      agg.totalMs += durationMs;
      agg.maxMs = Math.max(agg.maxMs, durationMs);
      agg.lastSeen = now;
    } else {
      this.pending.set(key, {
        fingerprint: n.fingerprint,
        sql: n.sql,
        route,
        count: 1,
        totalMs: durationMs,
        maxMs: durationMs,
        firstSeen: now,
        lastSeen: now,
      });
    }
    this.metrics().histogram('db_slow_query_duration_ms', durationMs, { fingerprint: n.fingerprint, route });
  }

  start(everyMs = 2_000): void {
    this.timer ??= setInterval(() => void this.flush(), everyMs);
    this.timer.unref();
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const rows = [...this.pending.values()];
    this.pending = new Map();
    try {
      await runAs({ route: '(slow-query-recorder)', internal: true }, () =>
        this.db().$executeRaw(slowQueryUpsert(this.dialect(), rows)),
      );
    } catch (err) {
      console.error(`[slow-queries] could not record ${rows.length} rows: ${(err as Error).message}`);
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
