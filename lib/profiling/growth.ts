// Pure: a steady-growth detector for heap after garbage collection. The heap's lowest reading in
// each window stands for what survived the collections in it; a line fitted through those lows
// that rises steadily (a good fit, over at least half an hour) is a leak's signature.
export interface Growth {
  mbPerHour: number;
  r2: number;
  windows: number;
  fromMb: number;
  toMb: number;
}

export function heapGrowth(points: readonly { t: number; v: number }[], windowMs = 5 * 60_000): Growth | null {
  const lows = new Map<number, number>();
  for (const p of points) {
    const w = Math.floor(p.t / windowMs);
    lows.set(w, Math.min(lows.get(w) ?? Number.POSITIVE_INFINITY, p.v));
  }
  const xs = [...lows.keys()].sort((a, b) => a - b);
  if (xs.length < 6) return null; // half an hour of 5-minute windows
  const ys = xs.map((x) => lows.get(x) as number);
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return { mbPerHour: 0, r2: 0, windows: n, fromMb: my / 2 ** 20, toMb: my / 2 ** 20 };
  const slopePerWindow = sxy / sxx;
  const r2 = (sxy * sxy) / (sxx * syy);
  const perHour = slopePerWindow * (3_600_000 / windowMs);
  return {
    mbPerHour: perHour / 2 ** 20,
    r2,
    windows: n,
    fromMb: (ys[0] as number) / 2 ** 20,
    toMb: (ys[n - 1] as number) / 2 ** 20,
  };
}

/** Is it the leak signature: a steady climb of at least `minMbPerHour`? */
export const steadyGrowth = (g: Growth | null, minMbPerHour = 5): boolean =>
  !!g && g.r2 >= 0.8 && g.mbPerHour >= minMbPerHour;
