// Pure: is a benchmark figure a regression? Only against the spread of earlier runs: the latest
// value must be worse than the earlier mean by more than twice their standard deviation (and by
// more than 2% of the mean, for figures that barely move), with at least three earlier runs.
export type Better = 'lower' | 'higher';

export interface Verdict {
  regressed: boolean;
  /** not enough history to tell */
  unknown: boolean;
  baseline: number | null;
  spread: number | null;
  latest: number;
}

export function regression(earlier: readonly number[], latest: number, better: Better): Verdict {
  if (earlier.length < 3) return { regressed: false, unknown: true, baseline: null, spread: null, latest };
  const mean = earlier.reduce((a, b) => a + b, 0) / earlier.length;
  const sd = Math.sqrt(earlier.reduce((a, b) => a + (b - mean) ** 2, 0) / (earlier.length - 1));
  const margin = Math.max(2 * sd, Math.abs(mean) * 0.02);
  const worse = better === 'lower' ? latest - mean : mean - latest;
  return { regressed: worse > margin, unknown: false, baseline: mean, spread: sd, latest };
}
