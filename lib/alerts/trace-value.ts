// The value a trace alert rule compares: the spans matching its filter in the window — how many,
// per second, the share with an error, or a duration percentile (ms); null when none matched
// (an error rate or a percentile of nothing is not zero). Backtests bucket the same spans by step.
import { nearestRank } from '../tracing/model';
import { parseAttrs } from '../tracing/query';
import { matchingSpans } from '../tracing/store';
import type { Aggregation } from './schemas';

type Span = { startUs: number; durationUs: number; error: boolean };
const QUANTILE: Partial<Record<Aggregation, number>> = { p50: 0.5, p95: 0.95, p99: 0.99 };

/** Pure: one window's spans aggregated. */
export function traceAggregate(spans: readonly Span[], aggregation: Aggregation, windowMs: number): number | null {
  if (aggregation === 'count') return spans.length;
  if (aggregation === 'rate') return spans.length / (windowMs / 1000);
  if (!spans.length) return null;
  if (aggregation === 'error_rate') return spans.filter((s) => s.error).length / spans.length;
  const q = QUANTILE[aggregation];
  if (q === undefined) return null;
  const v = nearestRank(
    spans.map((s) => s.durationUs).sort((a, b) => a - b),
    q,
  );
  return v === null ? null : v / 1000;
}

/** Pure: the value at each step of [fromMs, toMs), each over the window that ends there. */
export function traceSteps(
  spans: readonly Span[],
  aggregation: Aggregation,
  fromMs: number,
  toMs: number,
  stepMs: number,
  oldestReadMs: number,
): { t: number; v: number | null }[] {
  const out: { t: number; v: number | null }[] = [];
  const sorted = [...spans].sort((a, b) => a.startUs - b.startUs);
  let lo = 0;
  let hi = 0;
  for (let t = fromMs + stepMs; t <= toMs; t += stepMs) {
    while (lo < sorted.length && (sorted[lo] as Span).startUs < (t - stepMs) * 1000) lo++;
    while (hi < sorted.length && (sorted[hi] as Span).startUs < t * 1000) hi++;
    // Before the oldest span read (the read was capped), nothing is known.
    out.push({ t, v: t - stepMs < oldestReadMs ? null : traceAggregate(sorted.slice(lo, hi), aggregation, stepMs) });
  }
  return out;
}

const filterOf = (f: Record<string, string>) => ({
  service: f.service || undefined,
  operation: f.operation || undefined,
  attributes: parseAttrs(f.attrs),
});

export async function traceRuleValue(
  rule: { filter: Record<string, string>; aggregation: Aggregation; windowMs: number },
  now: number,
): Promise<number | null> {
  const { spans } = await matchingSpans(filterOf(rule.filter), (now - rule.windowMs) * 1000, now * 1000);
  return traceAggregate(spans, rule.aggregation, rule.windowMs);
}

/** A trace rule's values over [now − spanMs, now] by step, for a backtest. */
export async function traceRuleSeries(
  rule: { filter: Record<string, string>; aggregation: Aggregation },
  now: number,
  spanMs: number,
  stepMs: number,
): Promise<{ t: number; v: number | null }[]> {
  const from = now - spanMs;
  const { spans, capped } = await matchingSpans(filterOf(rule.filter), from * 1000, now * 1000);
  // Newest first: the last is the oldest read.
  const oldest = capped ? (spans.at(-1)?.startUs ?? from * 1000) / 1000 : from;
  return traceSteps(spans, rule.aggregation, from, now, stepMs, oldest);
}
