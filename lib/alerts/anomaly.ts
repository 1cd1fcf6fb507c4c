// Pure: expected bands for a series, from its own past. Each point's band uses only earlier
// points, so a spike cannot hide itself by raising its own baseline.
export type BandMethod = 'rolling' | 'ewma' | 'seasonal';
export interface Band {
  t: number;
  value: number;
  mean: number | null;
  lower: number | null;
  upper: number | null;
}

const WEEK = 7 * 86_400_000;

function meanSd(xs: readonly number[]): { mean: number; sd: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  return { mean, sd };
}

export function bands(
  points: readonly { t: number; value: number }[],
  method: BandMethod,
  k = 3,
  window = 30,
  alpha = 0.2,
): Band[] {
  const out: Band[] = [];
  let ewMean: number | null = null;
  let ewVar = 0;
  points.forEach((p, i) => {
    let mean: number | null = null;
    let sd = 0;
    if (method === 'rolling' && i >= 5) {
      ({ mean, sd } = meanSd(points.slice(Math.max(0, i - window), i).map((q) => q.value)));
    } else if (method === 'ewma' && ewMean !== null && i >= 5) {
      mean = ewMean;
      sd = Math.sqrt(ewVar);
    } else if (method === 'seasonal') {
      const same = points.filter((q) => q.t < p.t && (p.t - q.t) % WEEK === 0).map((q) => q.value);
      if (same.length >= 1) {
        const recent = points.slice(Math.max(0, i - window), i).map((q) => q.value);
        ({ mean } = meanSd(same));
        // With one or two weeks the seasonal σ is unreliable: borrow the recent spread.
        sd = same.length >= 3 ? meanSd(same).sd : recent.length >= 5 ? meanSd(recent).sd : 0;
      }
    }
    out.push({
      t: p.t,
      value: p.value,
      mean,
      lower: mean === null ? null : mean - k * sd,
      upper: mean === null ? null : mean + k * sd,
    });
    // EWMA and EW variance (West 1979 form), updated after the band of this point is taken.
    if (ewMean === null) ewMean = p.value;
    else {
      const diff = p.value - ewMean;
      ewMean += alpha * diff;
      ewVar = (1 - alpha) * (ewVar + alpha * diff * diff);
    }
  });
  return out;
}

/** How many σ the last point lies from its expected band's centre (0 when the band is flat). */
export function deviation(band: Band | undefined, k = 3): number | null {
  if (!band || band.mean === null || band.upper === null) return null;
  const sd = (band.upper - band.mean) / k;
  if (sd === 0) return band.value === band.mean ? 0 : Number.POSITIVE_INFINITY;
  return Math.abs(band.value - band.mean) / sd;
}

/** Seasonal when a week of history exists, EWMA otherwise. */
export function pickMethod(points: readonly { t: number }[]): BandMethod {
  const first = points[0]?.t;
  const last = points[points.length - 1]?.t;
  return first !== undefined && last !== undefined && last - first >= WEEK ? 'seasonal' : 'ewma';
}
