// How late the event loop runs, now: a 10 ms timer's lateness, held at its peak and decaying by a
// fifth per tick, so one long stall reads high for a few tens of milliseconds after it.
export function loopLag(tickMs = 10): () => number {
  let lag = 0;
  let expected = performance.now() + tickMs;
  setInterval(() => {
    const now = performance.now();
    lag = Math.max(now - expected, lag * 0.8);
    expected = now + tickMs;
  }, tickMs).unref();
  return () => lag;
}
