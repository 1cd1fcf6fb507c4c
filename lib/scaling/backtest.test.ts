import { describe, expect, it } from 'vitest';
import { backtest, type MinuteRecord } from './backtest';
import { defaultPolicies, scalingConfigSchema } from './policy';

const T0 = Date.UTC(2026, 10, 21, 0, 0);
/** Two hours at two instances: quiet, then an hour of heavy load that saturated them. */
const records: MinuteRecord[] = Array.from({ length: 120 }, (_, i) => ({
  t: T0 + i * 60_000,
  running: 2,
  cpu: i >= 30 && i < 90 ? 98 : 20,
  rps: i >= 30 && i < 90 ? 300 : 60,
  p95: null,
  memory: null,
}));

describe('policy backtest', () => {
  it('replays the recorded load through a policy: more instances while it was heavy, no saturated minutes, the cost of it', () => {
    const config = scalingConfigSchema.parse({
      minInstances: 2,
      maxInstances: 8,
      policies: defaultPolicies(70),
      stabilizationMs: 300_000,
      scaleUpCooldownMs: 0,
      pricePerInstanceHour: 0.5,
    });
    const r = backtest(records, config, { sloCpuPct: 90 });
    expect(r.minutes).toBe(120);
    expect(r.recorded).toMatchObject({ instanceHours: 4, violationMinutes: 60, cost: 2, actions: 0 });
    // Heavy minutes: 196% of a core in all → 3 instances at 65% each; one saturated minute while the step is taken.
    expect(r.points.find((p) => p.t === T0 + 40 * 60_000)?.simulated).toBe(3);
    expect(r.simulated.violationMinutes).toBe(1);
    expect(r.simulated.actions).toBe(2); // up when the load came, down (after stabilization) when it left
    expect(r.points.at(-1)?.simulated).toBe(2);
    expect(r.simulated.instanceHours).toBeGreaterThan(4);
    expect(r.simulated.cost).toBeCloseTo(r.simulated.instanceHours * 0.5);
  });

  it('with no policies keeps the count and reports the recorded saturation as it was', () => {
    const config = scalingConfigSchema.parse({ minInstances: 2, maxInstances: 8, policies: [] });
    const r = backtest(records, config, { sloCpuPct: 90 });
    expect(r.simulated).toMatchObject({ actions: 0, violationMinutes: 60, instanceHours: 4 });
  });
});
