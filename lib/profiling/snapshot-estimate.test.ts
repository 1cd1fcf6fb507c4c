import { describe, expect, it } from 'vitest';
import { snapshotPause } from './snapshot-estimate';

const MB = 2 ** 20;

describe('snapshotPause', () => {
  it('estimates from the reference rate without earlier snapshots (100 MB → 17 s)', () => {
    expect(snapshotPause(100 * MB, [])).toEqual({ seconds: 17, basis: 'a 2-core reference machine' });
  });

  it('uses this install’s own snapshots when there are some', () => {
    const e = snapshotPause(200 * MB, [
      { bytes: 50 * MB, startedAt: '2026-12-07T10:00:00Z', finishedAt: '2026-12-07T10:00:05Z' },
      { bytes: 10 * MB, startedAt: '2026-12-07T10:00:00Z', finishedAt: null },
    ]);
    expect(e).toEqual({ seconds: 20, basis: 'this install' });
  });
});
