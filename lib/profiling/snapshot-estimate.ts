// Pure: how long a heap snapshot will stop its target. V8 writes the snapshot on the thread it
// walks, so the target answers nothing meanwhile (health checks, leases). The rate comes from this
// install's own latest snapshots (file bytes per second); without one, from a measurement on a
// 2-core machine (a ~100 MB heap took 17 s).

export const FALLBACK_BYTES_PER_SEC = (100 * 2 ** 20) / 17;

export interface SnapshotEstimate {
  seconds: number;
  basis: 'this install' | 'a 2-core reference machine';
}

export function snapshotPause(
  heapBytes: number,
  previous: readonly { bytes: number; startedAt: string; finishedAt: string | null }[],
): SnapshotEstimate {
  const rates = previous
    .filter((p) => p.finishedAt && p.bytes > 0)
    .map((p) => p.bytes / Math.max(0.1, (Date.parse(p.finishedAt as string) - Date.parse(p.startedAt)) / 1000))
    .slice(0, 5);
  const rate = rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : FALLBACK_BYTES_PER_SEC;
  return { seconds: heapBytes / rate, basis: rates.length ? 'this install' : 'a 2-core reference machine' };
}
