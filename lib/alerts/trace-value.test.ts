import { describe, expect, it } from 'vitest';
import { ruleBody } from './schemas';
import { traceAggregate, traceSteps } from './trace-value';

const span = (startMs: number, durationMs: number, error = false) => ({
  startUs: startMs * 1000,
  durationUs: durationMs * 1000,
  error,
});

describe('trace rule values', () => {
  const spans = [span(0, 10), span(100, 20, true), span(200, 30), span(300, 400, true)];

  it('counts, rates, error shares and percentiles of the matching spans', () => {
    expect(traceAggregate(spans, 'count', 60_000)).toBe(4);
    expect(traceAggregate(spans, 'rate', 2_000)).toBe(2);
    expect(traceAggregate(spans, 'error_rate', 60_000)).toBe(0.5);
    expect(traceAggregate(spans, 'p50', 60_000)).toBe(20);
    expect(traceAggregate(spans, 'p95', 60_000)).toBe(400);
  });

  it('has no error rate or percentile without spans, but a count of zero', () => {
    expect(traceAggregate([], 'error_rate', 60_000)).toBeNull();
    expect(traceAggregate([], 'p95', 60_000)).toBeNull();
    expect(traceAggregate([], 'count', 60_000)).toBe(0);
  });

  it('buckets by step for a backtest, unknown before the oldest span read', () => {
    const steps = traceSteps(spans, 'count', 0, 400, 100, 0);
    expect(steps).toEqual([
      { t: 100, v: 1 },
      { t: 200, v: 1 },
      { t: 300, v: 1 },
      { t: 400, v: 1 },
    ]);
    expect(traceSteps(spans, 'count', 0, 400, 100, 150).map((s) => s.v)).toEqual([null, null, 1, 1]);
  });
});

describe('trace rule bodies', () => {
  const base = { name: 'checkout errors', kind: 'trace', metric: 'trace_spans', aggregation: 'count', threshold: 0.1 };
  it('takes a span filter and a trace aggregation', () => {
    const r = ruleBody.safeParse({
      ...base,
      aggregation: 'error_rate',
      filter: { service: 'checkout', operation: 'POST /pay', attrs: 'region=eu' },
    });
    expect(r.success).toBe(true);
  });

  it('refuses metric labels, metric aggregations, bad attribute pairs, and error_rate on metrics', () => {
    const issues = (b: object) => ruleBody.safeParse(b).error?.issues.map((i) => i.path.join('.'));
    expect(issues({ ...base, aggregation: 'avg' })).toEqual(['aggregation']);
    expect(issues({ ...base, filter: { route: '/x' } })).toEqual(['filter.route']);
    expect(issues({ ...base, filter: { attrs: 'novalue' } })).toEqual(['filter.attrs']);
    expect(issues({ ...base, metric: 'host_cpu_percent' })).toEqual(['metric']);
    expect(issues({ name: 'x', metric: 'host_cpu_percent', aggregation: 'error_rate' })).toEqual(['aggregation']);
  });
});
