// Benchmark figures as CI records them (bench:gate's ratios among them): stored, and the budget
// check tells a ratio that fell from its history, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBudgets, createBudget, recordFigures } from '@/lib/profiling/budgets';
import { currentTestDatabase, PROVIDERS } from '../helpers/databases';

describe.each(PROVIDERS)('benchmark figures on %s', (provider) => {
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ drop } = await currentTestDatabase(provider));
  });
  afterAll(() => drop());

  it('keeps each gate run and flags the run whose ratio fell out of its history', async () => {
    const t0 = Date.now() - 10 * 60_000;
    for (const [i, v] of [1.42, 1.46, 1.4, 1.44].entries())
      await recordFigures([{ key: 'gate/imagesCached', value: v, runId: `gate-${i}` }], new Date(t0 + i * 60_000));
    let check = await checkBudgets();
    const steady = check.regressions.find((r) => r.key === 'gate/imagesCached');
    expect(steady).toMatchObject({ regressed: false, unknown: false, runs: 4 });
    expect(check.ok).toBe(true);

    await recordFigures([{ key: 'gate/imagesCached', value: 0.69, runId: 'gate-slow' }], new Date(t0 + 5 * 60_000));
    check = await checkBudgets();
    expect(check.regressions.find((r) => r.key === 'gate/imagesCached')).toMatchObject({
      regressed: true,
      latest: 0.69,
    });
    expect(check.ok).toBe(false);
  });

  it('holds a gate ratio to a budget in the direction that is better', async () => {
    await createBudget({ kind: 'benchmark', subject: 'gate/imagesCached', thresholdMs: 1 }, 'test');
    const check = await checkBudgets();
    expect(check.checks.find((c) => c.subject === 'gate/imagesCached')).toMatchObject({ ok: false, value: 0.69 });
  });
});
