// The autoscaler: keeps the last half hour of fleet readings (sampled every few seconds from the
// proxy and /proc, plus store metrics for database connections and custom policies), evaluates
// the policies (decide.ts), acts through the fleet, and records each action – and each time a
// limit held a change back – with its explanation. Scale-ups are followed until the proxy sends
// the new instances traffic (healthy at its checks), and that reaction time is recorded.
import type { Db } from '../db';
import { metrics } from '../metrics';
import { querySeries } from '../metrics/query';
import { boundedRecommendation, type Decision, decide, type Sample } from './decide';
import type { ScalingConfig } from './policy';
import { loadScalingConfig } from './store';

const KEEP_MS = 30 * 60_000;

/** What the autoscaler needs of the fleet. */
export interface FleetControl {
  desired(): number;
  instanceIds(): string[];
  /** ids of instances the proxy sends traffic to now (healthy, enabled, not draining) */
  servingIds(): Set<string>;
  scaleTo(n: number): Promise<void>;
}

export interface DecisionRecord {
  id: number;
  at: string;
  trigger: string;
  by: string | null;
  before: number;
  recommended: number;
  after: number;
  direction: string;
  summary: string;
  detail: Pick<Decision, 'policies' | 'limits'>;
  ok: boolean;
  error: string | null;
  readyMs: number | null;
}

export class Autoscaler {
  readonly readings = new Map<string, Sample[]>();
  private recommendations: { t: number; n: number }[] = [];
  private lastAction: { at: number; direction: 'up' | 'down' } | null = null;
  private lastHold = '';
  last: Decision | null = null;
  private busy = false;

  constructor(
    private readonly db: () => Db,
    private readonly fleet: FleetControl,
  ) {}

  /**
   * The count the fleet had when Redline started counts as recommended then, so the scale-down
   * stabilization window runs from the start: a restart of Redline (or a Deployment it finds at
   * some size) is not by itself a reason to scale down.
   */
  seed(now: number, instances: number): void {
    this.recommendations.push({ t: now, n: instances });
  }

  observe(key: string, t: number, v: number): void {
    const list = this.readings.get(key) ?? [];
    list.push({ t, v });
    while (list.length && (list[0] as Sample).t < t - KEEP_MS) list.shift();
    this.readings.set(key, list);
  }

  /** Store metrics the policies name (database connections, custom): their average over the last minute. */
  async observeStore(config: ScalingConfig, now: number): Promise<void> {
    const names = new Set<string>();
    for (const p of config.policies) {
      if (!p.enabled) continue;
      if (p.metric === 'dbConnections') names.add('db_pool_connections');
      if (p.metric === 'custom' && p.customMetric) names.add(p.customMetric);
    }
    for (const name of names) {
      const r = await querySeries(this.db(), {
        name,
        fromMs: now - 60_000,
        toMs: now,
        filter: name === 'db_pool_connections' ? { state: 'busy' } : undefined,
        totalsOnly: true,
      });
      const total = r.series.reduce((n, s) => n + s.total.sum, 0);
      const count = r.series.reduce((n, s) => n + s.total.count, 0);
      if (count) this.observe(name === 'db_pool_connections' ? 'dbConnections' : `custom:${name}`, now, total / count);
    }
  }

  /** One evaluation; `config` when the caller has just read it (the fleet's 2 s tick does). */
  async evaluate(now = Date.now(), loaded?: ScalingConfig): Promise<Decision | null> {
    if (this.busy) return null;
    this.busy = true;
    try {
      const config = loaded ?? (await loadScalingConfig(this.db()));
      await this.observeStore(config, now).catch(() => undefined);
      const d = decide({
        now,
        current: this.fleet.desired(),
        config,
        readings: this.readings,
        lastAction: this.lastAction,
        recommendations: this.recommendations,
      });
      this.last = d;
      this.recommendations.push({ t: now, n: boundedRecommendation(d, config) });
      this.recommendations = this.recommendations.filter((r) => r.t >= now - Math.max(config.stabilizationMs, 60_000));
      metrics().gauge('scaling_desired_instances', d.after);
      metrics().gauge('scaling_recommended_instances', d.recommended);
      if (d.direction !== 'none') {
        await this.act(d, 'auto', null);
      } else if (d.limits.length && d.recommended !== d.before && d.summary !== this.lastHold) {
        // A change held back by a limit is a decision too: record it once per distinct reason.
        this.lastHold = d.summary;
        await this.record(d, 'auto', null, true);
      }
      return d;
    } finally {
      this.busy = false;
    }
  }

  /** Carries out a decision (the autoscaler's, or a manual one) and records it. */
  async act(d: Decision, trigger: 'auto' | 'manual', by: string | null): Promise<DecisionRecord> {
    const before = new Set(this.fleet.instanceIds());
    const started = Date.now();
    let error: string | null = null;
    try {
      await this.fleet.scaleTo(d.after);
    } catch (e) {
      error = (e as Error).message;
    }
    this.lastAction = { at: d.at, direction: d.after >= d.before ? 'up' : 'down' };
    this.lastHold = '';
    const row = await this.record(d, trigger, by, error === null, error);
    if (d.direction === 'up' && !error) void this.followReadiness(row.id, before, d.after - d.before, started);
    return row;
  }

  /** Waits for `count` new instances to take traffic (a Kubernetes pod appears some time after the scale is written). */
  private async followReadiness(id: number, before: Set<string>, count: number, started: number): Promise<void> {
    const deadline = started + 120_000;
    while (Date.now() < deadline) {
      const added = this.fleet.instanceIds().filter((i) => !before.has(i));
      const serving = this.fleet.servingIds();
      if (added.length >= count && added.every((i) => serving.has(i))) {
        const readyMs = Date.now() - started;
        metrics().histogram('scaling_reaction_ms', readyMs);
        await this.db()
          .scalingDecision.update({ where: { id }, data: { readyMs } })
          .catch(() => undefined);
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private async record(
    d: Decision,
    trigger: string,
    by: string | null,
    ok: boolean,
    error: string | null = null,
  ): Promise<DecisionRecord> {
    const row = await this.db().scalingDecision.create({
      data: {
        at: new Date(d.at),
        trigger,
        by,
        before: d.before,
        recommended: d.recommended,
        after: d.after,
        direction: d.direction,
        summary: d.summary,
        detail: JSON.stringify({ policies: d.policies, limits: d.limits }),
        ok,
        error,
      },
    });
    return toRecord(row);
  }
}

export function toRecord(r: {
  id: number;
  at: Date;
  trigger: string;
  by: string | null;
  before: number;
  recommended: number;
  after: number;
  direction: string;
  summary: string;
  detail: string;
  ok: boolean;
  error: string | null;
  readyMs: number | null;
}): DecisionRecord {
  let detail: DecisionRecord['detail'] = { policies: [], limits: [] };
  try {
    detail = JSON.parse(r.detail) as DecisionRecord['detail'];
  } catch {}
  return { ...r, at: r.at.toISOString(), detail };
}

export async function listDecisions(db: Db, fromMs: number, toMs: number, limit = 200): Promise<DecisionRecord[]> {
  const rows = await db.scalingDecision.findMany({
    where: { at: { gte: new Date(fromMs), lte: new Date(toMs) } },
    orderBy: { id: 'desc' },
    take: limit,
  });
  return rows.map(toRecord);
}
