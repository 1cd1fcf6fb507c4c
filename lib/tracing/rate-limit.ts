// The trace rate limit: at most N traces a second are stored, received and Redline's own alike.
// Which traces are kept is decided by trace id, not by arrival: a trace is kept when the last 32
// bits of its id (the random part, in W3C's words) fall under the keep ratio, so every batch and
// every service holding spans of one trace makes the same choice, and a trace is stored whole or
// not at all. The ratio follows the arrival rate of new traces (root spans) over the last ten
// seconds: limit ÷ rate, capped at 1.
import { once, slot } from '../process/registry';

/** Pure: is this trace kept at this ratio? */
export function keepTrace(traceId: string, ratio: number): boolean {
  if (ratio >= 1) return true;
  if (ratio <= 0) return false;
  const bits = Number.parseInt(traceId.slice(-8), 16);
  return Number.isFinite(bits) && bits / 0x1_0000_0000 < ratio;
}

/** spans kept and dropped by sampling, by decision and reason (a counter in the metrics store) */
export const SAMPLED_METRIC = 'trace_spans_sampled_total';

const WINDOW_S = 10;

/** New traces per second over a sliding window of one-second buckets. */
export class TraceArrivals {
  private readonly buckets = new Float64Array(WINDOW_S);
  private second = 0;

  constructor(private readonly now: () => number = Date.now) {}

  private roll(): number {
    const s = Math.floor(this.now() / 1000);
    if (s !== this.second) {
      const gap = Math.min(WINDOW_S, Math.max(0, s - this.second));
      for (let i = 1; i <= gap; i++) this.buckets[(this.second + i) % WINDOW_S] = 0;
      this.second = s;
    }
    return s % WINDOW_S;
  }

  add(traces: number): void {
    if (traces <= 0) return;
    const i = this.roll();
    this.buckets[i] = (this.buckets[i] ?? 0) + traces;
  }

  perSecond(): number {
    this.roll();
    let n = 0;
    for (const b of this.buckets) n += b;
    return n / WINDOW_S;
  }

  /** The share of traces to keep under `limit` per second (0: no limit). */
  keepRatio(limit: number): number {
    if (limit <= 0) return 1;
    const rate = this.perSecond();
    return rate <= limit ? 1 : limit / rate;
  }
}

export const TRACE_ARRIVALS = slot<TraceArrivals>('traceArrivals');
export const traceArrivals = (): TraceArrivals => once(TRACE_ARRIVALS, () => new TraceArrivals());
