// "Test this rule against the last 24 h": the rule's value at every window step, run through the
// same state machine, gives the episodes it would have fired.
import type { Db } from '../db';
import { querySeries } from '../metrics/query';
import { bands, deviation, pickMethod } from './anomaly';
import type { RuleBody } from './schemas';
import { type Comparator, type StateCore, step } from './state-machine';
import { traceRuleSeries } from './trace-value';
import { aggregate, quantileOf } from './value';

export interface Episode {
  pendingAt: number;
  firedAt: number;
  resolvedAt: number | null;
  peak: number;
}

/** Pure: the episodes a rule would have produced over a value series. */
export function replay(
  rule: { comparator: Comparator; threshold: number; forMs: number; hysteresis: number },
  values: readonly { t: number; v: number | null }[],
): Episode[] {
  let s: StateCore = { state: 'ok', since: values[0]?.t ?? 0, lastNotifiedAt: null };
  const episodes: Episode[] = [];
  let current: Episode | null = null;
  for (const { t, v } of values) {
    const prev = s;
    const r = step({ ...rule, cooldownMs: 0 }, s, v, t, false);
    s = r.next;
    if (r.transition === 'fired') {
      current = { pendingAt: prev.state === 'pending' ? prev.since : t, firedAt: t, resolvedAt: null, peak: v ?? 0 };
      episodes.push(current);
    } else if (r.transition === 'resolved' && current) {
      current.resolvedAt = t;
      current = null;
    } else if (current && v !== null) {
      current.peak = rule.comparator.startsWith('<') ? Math.min(current.peak, v) : Math.max(current.peak, v);
    }
  }
  return episodes;
}

export async function backtest(db: Db, rule: RuleBody, now = Date.now(), spanMs = 86_400_000) {
  const stepMs = Math.max(60_000, rule.windowMs);
  if (rule.kind === 'trace') {
    const values = await traceRuleSeries(rule, now, spanMs, stepMs);
    return { stepMs, points: values, episodes: replay(rule, values) };
  }
  const q = quantileOf(rule.aggregation);
  const r = await querySeries(db, {
    name: rule.metric,
    fromMs: now - spanMs,
    toMs: now,
    stepMs,
    groupBy: [],
    filter: rule.filter,
    quantiles: q === undefined ? undefined : [q],
  });
  const points = r.series[0]?.points ?? [];
  let values = points.map((p) => ({ t: p.t, v: aggregate(p, rule.aggregation, r.stepMs) }));
  let comparator: Comparator = rule.comparator;
  if (rule.kind === 'anomaly') {
    const series = points.map((p) => ({ t: p.t, value: p.avg }));
    const b = bands(series, pickMethod(series));
    values = b.map((x) => ({ t: x.t, v: deviation(x) }));
    comparator = '>';
  }
  return { stepMs: r.stepMs, points: values, episodes: replay({ ...rule, comparator }, values) };
}
