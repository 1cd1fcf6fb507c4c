import { describe, expect, it } from 'vitest';
import { activeSchedules, decide, type DecideInput, type Sample } from './decide';
import { policySchema, scalingConfigSchema, stepExample } from './policy';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const series = (fromMsAgo: number, value: (t: number) => number, every = 5_000): Sample[] => {
  const out: Sample[] = [];
  for (let t = NOW - fromMsAgo; t <= NOW; t += every) out.push({ t, v: value(t) });
  return out;
};
const base = (over: Partial<DecideInput> = {}): DecideInput => ({
  now: NOW,
  current: 2,
  config: scalingConfigSchema.parse({ minInstances: 1, maxInstances: 10, policies: [stepExample(70, 30)] }),
  readings: new Map(),
  lastAction: null,
  recommendations: [],
  ...over,
});

describe('autoscaler decisions', () => {
  it('doubles on CPU ≥ 70% held for 2 minutes, explaining the value, the ask and the result', () => {
    const d = decide(base({ readings: new Map([['cpu', series(150_000, () => 85)]]) }));
    expect(d).toMatchObject({ before: 2, recommended: 4, after: 4, direction: 'up', limits: [] });
    expect(d.policies[0]?.why).toBe('85 >= 70 for 2 min: ×2 → 4');
    expect(d.summary).toBe('Scale up 2 → 4 (policies ask 4)');
  });

  it('does not act on a spike shorter than the window, nor without data', () => {
    const spike = series(150_000, (t) => (t > NOW - 30_000 ? 95 : 50));
    expect(decide(base({ readings: new Map([['cpu', spike]]) })).direction).toBe('none');
    const none = decide(base());
    expect(none.policies[0]).toMatchObject({ value: null, asked: null, why: 'no data in the last minute' });
    expect(none.summary).toBe('Hold at 2 (no policy has data)');
  });

  it('target tracking asks instances in proportion to the metric, capped by max and the step limit', () => {
    const config = scalingConfigSchema.parse({
      maxInstances: 5,
      maxStepUp: 4,
      policies: [policySchema.parse({ id: 'rps', name: 'rps', metric: 'requestRate', kind: 'target', target: 100 })],
    });
    const d = decide(base({ config, current: 2, readings: new Map([['requestRate', series(60_000, () => 400)]]) }));
    expect(d.recommended).toBe(8);
    expect(d.after).toBe(5);
    expect(d.limits).toEqual([{ kind: 'max', detail: 'at most 5' }]);
    const step = decide(
      base({
        config: { ...config, maxInstances: 50, maxStepUp: 2 },
        current: 2,
        readings: new Map([['requestRate', series(60_000, () => 400)]]),
      }),
    );
    expect(step).toMatchObject({ after: 4, limits: [{ kind: 'max-step' }] });
  });

  it('keeps to cooldowns after an action', () => {
    const hot = new Map([['cpu', series(150_000, () => 90)]]);
    const d = decide(base({ readings: hot, lastAction: { at: NOW - 5_000, direction: 'up' } }));
    expect(d).toMatchObject({ after: 2, direction: 'none', limits: [{ kind: 'cooldown' }] });
    expect(decide(base({ readings: hot, lastAction: { at: NOW - 20_000, direction: 'up' } })).after).toBe(4);
  });

  it('scales down only to the highest recommendation of the stabilization window (no flapping)', () => {
    const idle = new Map([['cpu', series(700_000, () => 10)]]);
    const flapping = decide(base({ current: 4, readings: idle, recommendations: [{ t: NOW - 60_000, n: 4 }] }));
    expect(flapping).toMatchObject({
      recommended: 2,
      after: 4,
      direction: 'none',
      limits: [{ kind: 'stabilization' }],
    });
    const settled = decide(base({ current: 4, readings: idle, recommendations: [{ t: NOW - 400_000, n: 4 }] }));
    expect(settled).toMatchObject({ after: 2, direction: 'down' });
    expect(settled.policies[0]?.why).toBe('10 <= 30 for 10 min: ×0.5 → 2');
  });

  it('respects the minimum, schedules, overrides and maintenance', () => {
    const idle = new Map([['cpu', series(700_000, () => 5)]]);
    expect(decide(base({ current: 1, readings: idle }))).toMatchObject({
      after: 1,
      limits: [{ kind: 'min', detail: 'at least 1' }],
    });
    const sched = scalingConfigSchema.parse({
      policies: [stepExample(70, 30)],
      schedules: [{ id: 'noon', cron: '0 0 12 * * *', minInstances: 6, durationMs: 3_600_000 }],
    });
    expect(decide(base({ config: sched, current: 2, readings: idle }))).toMatchObject({
      after: 6,
      limits: [{ kind: 'schedule' }],
    });
    expect(activeSchedules(sched.schedules, NOW + 3_700_000)).toEqual([]);
    const held = decide(
      base({ config: { ...sched, override: { instances: 3, until: NOW + 60_000, by: 'ops@example.com' } } }),
    );
    expect(held).toMatchObject({ after: 3, limits: [{ kind: 'override' }] });
    const maint = decide(
      base({
        config: { ...sched, maintenance: { until: NOW + 60_000, reason: 'db migration', by: 'ops' } },
        readings: new Map([['cpu', series(150_000, () => 99)]]),
      }),
    );
    expect(maint).toMatchObject({ after: 2, direction: 'none', limits: [{ kind: 'maintenance' }] });
    expect(maint.summary).toContain('db migration');
  });

  it('refuses contradictory or malformed configuration, naming the field', () => {
    const r = scalingConfigSchema.safeParse({ minInstances: 5, maxInstances: 2 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['minInstances']);
    expect(
      policySchema.safeParse({ id: 'x', name: 'x', metric: 'cpu', kind: 'target' }).error?.issues[0]?.path,
    ).toEqual(['target']);
    expect(
      policySchema.safeParse({
        id: 'x',
        name: 'x',
        metric: 'cpu',
        kind: 'step',
        steps: [{ comparator: '>=', threshold: 'high', change: { type: 'add', value: 1 } }],
      }).error?.issues[0]?.message,
    ).toBe('threshold is a number');
    expect(
      scalingConfigSchema.safeParse({ schedules: [{ id: 's', cron: 'every day', minInstances: 1 }] }).error?.issues[0]
        ?.path,
    ).toEqual(['schedules', 0, 'cron']);
  });
});
