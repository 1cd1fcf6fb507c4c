// Pure: does a heap grow the way a leak does? What is judged is heap used after garbage
// collection — the lowest heap reading of each 5-minute window stands for what survived the
// collections in it (RSS is not judged: the allocator keeps pages, and a heap snapshot alone adds
// hundreds of MB to it). The slope is Theil–Sen's (the median of every pair's slope, so one spike
// does not make a trend) and its steadiness Kendall's τ (how consistently later lows are higher).
// Nothing is judged before an hour of lows after the first 10 minutes (start-up fills caches and
// compiles code): until then the answer is "not enough data to judge".

export const WINDOW_MS = 5 * 60_000;
export const WARM_UP_MS = 10 * 60_000;
export const MIN_SPAN_MS = 60 * 60_000;
export const MEASURED = 'heap used after garbage collection (lowest reading of each 5 minutes)';

export interface Growth {
  verdict: 'growing' | 'steady' | 'not-enough-data';
  /** what was measured, said once for every view that shows a verdict */
  measured: string;
  /** the span of lows judged (after warm-up) */
  fromMs: number | null;
  toMs: number | null;
  windows: number;
  /** Theil–Sen slope; null without enough data */
  mbPerHour: number | null;
  /** Kendall's τ of the lows against time (1: every later low is higher) */
  tau: number | null;
  fromMb: number | null;
  toMb: number | null;
  /** why there is no verdict yet, in words */
  reason?: string;
}

const MB = 2 ** 20;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** Theil–Sen slope and Kendall's τ of (x, y) pairs (n stays small: one point per 5 minutes). */
export function robustTrend(xs: readonly number[], ys: readonly number[]): { slope: number; tau: number } {
  const slopes: number[] = [];
  let concordant = 0;
  let discordant = 0;
  for (let i = 0; i < xs.length; i++)
    for (let j = i + 1; j < xs.length; j++) {
      const dx = (xs[j] as number) - (xs[i] as number);
      const dy = (ys[j] as number) - (ys[i] as number);
      if (dx === 0) continue;
      slopes.push(dy / dx);
      if (dy * dx > 0) concordant++;
      else if (dy * dx < 0) discordant++;
    }
  const pairs = slopes.length;
  return { slope: pairs ? median(slopes) : 0, tau: pairs ? (concordant - discordant) / pairs : 0 };
}

/** At most this many lows are compared pairwise (a week of 5-minute windows is thinned). */
const MAX_LOWS = 400;

export function heapGrowth(points: readonly { t: number; v: number }[]): Growth {
  const none = (reason: string, windows = 0): Growth => ({
    verdict: 'not-enough-data',
    measured: MEASURED,
    fromMs: null,
    toMs: null,
    windows,
    mbPerHour: null,
    tau: null,
    fromMb: null,
    toMb: null,
    reason,
  });
  if (points.length === 0) return none('no heap readings in this range');
  const start = Math.min(...points.map((p) => p.t));
  const lows = new Map<number, number>();
  for (const p of points) {
    if (p.t < start + WARM_UP_MS || !Number.isFinite(p.v)) continue;
    const w = Math.floor(p.t / WINDOW_MS);
    lows.set(w, Math.min(lows.get(w) ?? Number.POSITIVE_INFINITY, p.v));
  }
  let ws = [...lows.keys()].sort((a, b) => a - b);
  const spanMs = ws.length ? ((ws[ws.length - 1] as number) - (ws[0] as number) + 1) * WINDOW_MS : 0;
  if (spanMs < MIN_SPAN_MS)
    return none(
      `an hour of readings after the first 10 minutes is needed; this range has ${Math.round(spanMs / 60_000)} minutes`,
      ws.length,
    );
  if (ws.length > MAX_LOWS) {
    const every = Math.ceil(ws.length / MAX_LOWS);
    ws = ws.filter((_, i) => i % every === 0);
  }
  const xs = ws.map((w) => (w * WINDOW_MS) / 3_600_000); // hours
  const ys = ws.map((w) => (lows.get(w) as number) / MB);
  const { slope, tau } = robustTrend(xs, ys);
  const level = median(ys);
  const grownShare = level > 0 ? (slope * (spanMs / 3_600_000)) / level : 0;
  const growing = slope >= 5 && tau >= 0.6 && grownShare >= 0.05;
  return {
    verdict: growing ? 'growing' : 'steady',
    measured: MEASURED,
    fromMs: (ws[0] as number) * WINDOW_MS,
    toMs: ((ws[ws.length - 1] as number) + 1) * WINDOW_MS,
    windows: ws.length,
    mbPerHour: slope,
    tau,
    fromMb: ys[0] ?? null,
    toMb: ys[ys.length - 1] ?? null,
  };
}

/** Is it the leak signature (a steady climb of at least 5 MB an hour over at least an hour)? */
export const steadyGrowth = (g: Growth | null): boolean => g?.verdict === 'growing';

/** The verdict in one sentence, with what was measured and over how long. */
export function describeGrowth(g: Growth, what: string): string {
  if (g.verdict === 'not-enough-data') return `Not enough data to judge ${what}'s heap growth: ${g.reason}.`;
  const hours = ((g.toMs ?? 0) - (g.fromMs ?? 0)) / 3_600_000;
  const rate = `${(g.mbPerHour ?? 0).toFixed(1)} MB an hour over ${hours.toFixed(1)} h (Theil–Sen; Kendall τ ${(g.tau ?? 0).toFixed(2)})`;
  return g.verdict === 'growing'
    ? `The ${MEASURED} of ${what} grows steadily: ${rate}.`
    : `The ${MEASURED} of ${what} is not growing steadily: ${rate}.`;
}
