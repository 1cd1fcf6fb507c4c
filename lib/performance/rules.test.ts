import { describe, expect, it } from 'vitest';
import { envDefaults } from '../config/runtime-settings';
import { parseEnv } from '../config/env-schema';
import { heapGrowth } from '../profiling/growth';
import { type RuleInputs, recommend } from './rules';

const settings = envDefaults(parseEnv({}));
const base: RuleInputs = {
  fromMs: 0,
  toMs: 3_600_000,
  routes: [],
  database: null,
  slowQueries: [],
  cacheRequests: 0,
  cacheHitRate: null,
  heap: heapGrowth([]),
  eventLoopP99Ms: null,
  settings,
};
const row = (route: string, p95: number, count = 100, errorRate: number | null = 0) => ({
  labels: { service: 'shop', route },
  count,
  ratePerSec: 1,
  errorRate,
  mean: p95 / 2,
  p50: p95 / 2,
  p95,
  p99: p95 * 1.2,
  max: p95 * 2,
});

describe('recommend', () => {
  it('says nothing when everything is within budget or unmeasured', () => {
    expect(recommend(base)).toEqual([]);
    expect(recommend({ ...base, routes: [row('/ok', 200)] })).toEqual([]);
  });

  it('flags a route over its p95 budget with its evidence and slowest query', () => {
    const slow = {
      fingerprint: 'f',
      sql: 'SELECT * FROM orders WHERE id = ?',
      route: '/cart',
      count: 40,
      totalMs: 9_000,
      meanMs: 225,
      p95Ms: 400,
      maxMs: 900,
      firstSeen: '',
      lastSeen: '',
    };
    const [r] = recommend({ ...base, routes: [row('/cart', 2_500)], slowQueries: [slow] });
    expect(r).toMatchObject({
      severity: 'critical',
      category: 'api',
      link: expect.stringContaining('/performance/api'),
    });
    expect(r?.evidence).toMatchObject({ route: '/cart', p95Ms: 2500, budgetMs: 1000, slowestQuery: slow.sql });
  });

  it('ignores routes with too few requests to judge', () => {
    expect(recommend({ ...base, routes: [row('/rare', 5_000, 3)] })).toEqual([]);
  });

  it('flags 5xx error rates, low cache hit rates and high event-loop delay', () => {
    const recs = recommend({
      ...base,
      routes: [row('/pay', 100, 100, 0.3)],
      cacheRequests: 500,
      cacheHitRate: 0.5,
      eventLoopP99Ms: 250,
    });
    expect(recs.map((r) => r.id).sort()).toEqual(['api-errors:shop:/pay', 'cache-hit-rate', 'event-loop-delay']);
  });

  it('sees steady growth of the heap after collections, and not noise or a short run', () => {
    const minutes = (n: number, f: (k: number) => number) =>
      Array.from({ length: n }, (_, k) => ({ t: k * 60_000, v: f(k) }));
    const growing = heapGrowth(minutes(120, (k) => 100e6 + k * 0.5e6));
    const recs = recommend({ ...base, heap: growing });
    expect(recs.map((r) => r.id)).toEqual(['memory-growth']);
    expect(recs[0]?.title).toMatch(/^Heap after garbage collection grows steadily \(2\d\.\d MB\/h over 1\.\d h\)$/);
    expect(recs[0]?.evidence.measured).toContain('heap used after garbage collection');
    const noisy = heapGrowth(minutes(120, (k) => 100e6 + (k % 2 ? 5e6 : -5e6)));
    expect(recommend({ ...base, heap: noisy })).toEqual([]);
    // 14 minutes, just after a heap snapshot doubled the heap: no finding.
    const short = heapGrowth(minutes(14, (k) => (k < 13 ? 200e6 : 1_200e6)));
    expect(recommend({ ...base, heap: short })).toEqual([]);
  });

  it('turns repeated calls in received traces into recommendations with a trace to open', () => {
    const repeat = {
      kind: 'db' as const,
      service: 'orders',
      key: 'SELECT * FROM item WHERE id = ?',
      traces: 12,
      maxCount: 60,
      totalUs: 2_400_000,
      wallUs: 1_800_000,
      concurrent: false,
      exampleTraceId: 'ab'.repeat(16),
    };
    const [r] = recommend({
      ...base,
      traceRepeats: [repeat, { ...repeat, key: 'b' }, { ...repeat, key: 'c' }, { ...repeat, key: 'd' }],
    }).filter((x) => x.id.startsWith('trace-repeat:'));
    expect(r).toMatchObject({
      severity: 'warning',
      category: 'database',
      title: 'orders repeats a statement up to 60× in one request (12 traces)',
      evidence: { traces: 12, mostInOneTrace: 60, waitedMs: 1_800 },
    });
    expect(r?.link).toContain(`/profiling/tracing?trace=${'ab'.repeat(16)}`);
    expect(recommend({ ...base, traceRepeats: [repeat, repeat, repeat, repeat] }).length).toBe(3);
  });
});
