import { describe, expect, it } from 'vitest';
import { regression } from './regression';

describe('regression', () => {
  it('flags a change beyond the run-to-run spread, in the worse direction only', () => {
    const runs = [10, 11, 9.5, 10.5, 10];
    expect(regression(runs, 10.8, 'lower').regressed).toBe(false);
    expect(regression(runs, 13, 'lower').regressed).toBe(true);
    expect(regression(runs, 7, 'lower').regressed).toBe(false); // better
    expect(regression(runs, 7, 'higher').regressed).toBe(true);
  });

  it('says it cannot tell with fewer than three earlier runs', () => {
    expect(regression([1, 2], 100, 'lower')).toMatchObject({ unknown: true, regressed: false });
  });
});
