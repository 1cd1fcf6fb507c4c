import { describe, expect, it } from 'vitest';
import { costFigures } from './cost';

describe('cost', () => {
  it('prices the measured counts per month and the saving against static peak capacity', () => {
    const c = costFigures(0.1, 3, 2.5, 6);
    expect(c.perMonthNow).toBeCloseTo(219);
    expect(c.perMonthAverage).toBeCloseTo(182.5);
    expect(c.perMonthStaticPeak).toBeCloseTo(438);
    expect(c.savingsPerMonth).toBeCloseTo(255.5);
    expect(c.savingsPct).toBeCloseTo(58.33, 1);
    expect(costFigures(0, 3, 2, 4).savingsPct).toBeNull();
  });
});
