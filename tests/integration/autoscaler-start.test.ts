// The autoscaler on a real SQLite database, just started: the count it found counts as
// recommended, so an idle fleet is not scaled down before the stabilization window has passed
// (the hold is recorded with its reason), and is once it has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTestDatabase } from '../helpers/databases';

let drop: () => Promise<void>;
beforeAll(async () => {
  ({ drop } = await currentTestDatabase('sqlite'));
});
afterAll(() => drop());

describe('autoscaler start', () => {
  it('waits out the stabilization window from its start before scaling an idle fleet down', async () => {
    const { db } = await import('@/lib/db');
    const { Autoscaler } = await import('@/lib/scaling/engine');
    const { policySchema, scalingConfigSchema } = await import('@/lib/scaling/policy');
    let desired = 3;
    const a = new Autoscaler(db, {
      desired: () => desired,
      instanceIds: () => [],
      servingIds: () => new Set(),
      scaleTo: async (n) => {
        desired = n;
      },
    });
    const config = scalingConfigSchema.parse({
      minInstances: 1,
      maxInstances: 5,
      stabilizationMs: 60_000,
      policies: [policySchema.parse({ id: 'cpu', name: 'cpu', metric: 'cpu', kind: 'target', target: 70 })],
    });
    const t0 = Date.now();
    a.seed(t0, 3);
    for (let t = t0; t <= t0 + 10_000; t += 2_000) a.observe('cpu', t, 5);
    const held = await a.evaluate(t0 + 10_000, config);
    expect(held?.recommended).toBe(1);
    expect(held?.after).toBe(3);
    expect(held?.limits.map((l) => l.kind)).toContain('stabilization');
    expect(desired).toBe(3);
    for (let t = t0 + 12_000; t <= t0 + 62_000; t += 2_000) a.observe('cpu', t, 5);
    const later = await a.evaluate(t0 + 62_000, config);
    expect(later?.after).toBe(1);
    expect(desired).toBe(1);
  });
});
