import { describe, expect, it } from 'vitest';
import { accuracy, fitHoltWinters, forecast, recommendSchedule } from './forecast';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 1);
/** Three weeks of a daily shape (quiet nights, busy afternoons), slow growth and some noise. */
function history(days: number, noise = 0.05): number[] {
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648 - 0.5;
  };
  return Array.from({ length: days * 24 }, (_, i) => {
    const h = i % 24;
    const daily = 100 + 80 * Math.sin(((h - 9) / 24) * 2 * Math.PI);
    return Math.max(0, daily * (1 + i * 0.0005) * (1 + noise * 2 * rnd()));
  });
}

describe('seasonal forecast', () => {
  it('needs two full seasons', () => {
    expect(fitHoltWinters(history(1), 24)).toBeNull();
  });

  it('forecasts the next day of a daily shape within a few percent, inside its band', () => {
    const all = history(22);
    const train = all.slice(0, 21 * 24);
    const actual = all.slice(21 * 24);
    const model = fitHoltWinters(train, 24);
    expect(model).not.toBeNull();
    const f = forecast(model as NonNullable<typeof model>, train.length, T0 + (train.length - 1) * HOUR, HOUR, 24);
    expect(f).toHaveLength(24);
    const a = accuracy(
      f.map((p, i) => ({ predicted: p.value, lower: p.lower, upper: p.upper, actual: actual[i] as number })),
    );
    expect(a.wape).toBeLessThan(10);
    expect(a.coverage).toBeGreaterThanOrEqual(80);
    expect(f.every((p) => p.lower <= p.value && p.value <= p.upper && p.lower >= 0)).toBe(true);
  });

  it('recommends runs of instance counts that carry the band’s upper edge', () => {
    const points = [0, 1, 2, 3].map((h) => ({
      t: T0 + h * HOUR,
      value: [50, 60, 250, 260][h] as number,
      lower: 0,
      upper: [80, 90, 290, 300][h] as number,
    }));
    expect(recommendSchedule(points, 100, 1, 10)).toEqual([
      { fromHour: 0, toHour: 2, instances: 1 },
      { fromHour: 2, toHour: 4, instances: 3 },
    ]);
    expect(recommendSchedule(points, 10, 1, 5).every((s) => s.instances <= 5)).toBe(true);
  });

  it('measures earlier forecasts: weighted absolute error, band coverage', () => {
    expect(accuracy([])).toEqual({ points: 0, wape: null, coverage: null });
    const a = accuracy([
      { predicted: 110, lower: 90, upper: 130, actual: 100 },
      { predicted: 90, lower: 80, upper: 95, actual: 100 },
      { predicted: 5, lower: 0, upper: 10, actual: 0 },
    ]);
    expect(a).toEqual({ points: 3, wape: (25 / 200) * 100, coverage: (2 / 3) * 100 }); // |10| + |10| + |5| over 200
  });
});
