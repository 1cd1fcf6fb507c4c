// Pure: what the fleet costs, from measured instance counts and a price per instance-hour.
export const HOURS_PER_MONTH = 730;

export interface CostFigures {
  perMonthNow: number;
  /** at the average count measured over the range */
  perMonthAverage: number;
  /** had the fleet run at the range's peak all the time */
  perMonthStaticPeak: number;
  savingsPerMonth: number;
  savingsPct: number | null;
}

export function costFigures(
  price: number,
  runningNow: number,
  averageRunning: number,
  peakRunning: number,
): CostFigures {
  const perMonthNow = runningNow * price * HOURS_PER_MONTH;
  const perMonthAverage = averageRunning * price * HOURS_PER_MONTH;
  const perMonthStaticPeak = peakRunning * price * HOURS_PER_MONTH;
  const savingsPerMonth = Math.max(0, perMonthStaticPeak - perMonthAverage);
  return {
    perMonthNow,
    perMonthAverage,
    perMonthStaticPeak,
    savingsPerMonth,
    savingsPct: perMonthStaticPeak > 0 ? (savingsPerMonth / perMonthStaticPeak) * 100 : null,
  };
}
