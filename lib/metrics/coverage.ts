// Pure: which stored buckets add up to exactly a range, using the coarsest ones that fit. A 7-day
// total reads 6 daily buckets plus the edge hours, not 168 hourly ones; a 24-hour total at minute
// resolution reads 23 hours plus the edge minutes, not 1,440 minutes.

export interface BucketRange {
  /** seconds, as stored */
  resolution: number;
  /** bucket starts from … to, inclusive (epoch ms) */
  from: number;
  to: number;
}

const LEVELS = [86_400_000, 3_600_000, 60_000] as const;

/**
 * The buckets whose starts lie in [fromMs, toMs] at `finestMs` resolution, expressed with whole
 * coarser buckets where they lie wholly inside. Exact: every finest bucket is counted once.
 */
export function coveringBuckets(fromMs: number, toMs: number, finestMs: number): BucketRange[] {
  const levels = LEVELS.filter((l) => l >= finestMs);
  const out: BucketRange[] = [];
  const cover = (from: number, to: number, i: number) => {
    if (from > to) return;
    const unit = levels[i] as number;
    if (i === levels.length - 1) {
      out.push({ resolution: unit / 1000, from, to });
      return;
    }
    const a = Math.ceil(from / unit) * unit;
    const b = Math.floor(to / unit) * unit; // whole buckets [a, b): every finer bucket in them lies in range
    if (b - a < unit) {
      cover(from, to, i + 1);
      return;
    }
    out.push({ resolution: unit / 1000, from: a, to: b - unit });
    cover(from, a - 1, i + 1);
    cover(b, to, i + 1);
  };
  cover(fromMs, toMs, 0);
  return out;
}
