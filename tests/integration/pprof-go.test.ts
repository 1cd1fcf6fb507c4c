// The pprof download as Go's own tool reads it: `go tool pprof -top` on the gzipped file shows a
// CPU profile with its sampling period and the capture's hottest function on top.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeProfile } from '@/lib/profiling/formats';
import { fromV8CpuProfile, type V8CpuProfile } from '@/lib/profiling/model';

function spinHot(ms: number): number {
  const until = performance.now() + ms;
  let x = 0;
  while (performance.now() < until) for (let i = 0; i < 10_000; i++) x += Math.sqrt(x + i);
  return x;
}

describe('the pprof download', () => {
  it('reads in go tool pprof with its period, totals and hottest function', async () => {
    expect(spawnSync('go', ['version']).status, 'go is needed: apt-get install -y golang-go').toBe(0);
    const s = new Session();
    s.connect();
    await s.post('Profiler.enable');
    await s.post('Profiler.setSamplingInterval', { interval: 1_000 });
    await s.post('Profiler.start');
    spinHot(300);
    const v8 = (await s.post('Profiler.stop')).profile as unknown as V8CpuProfile;
    s.disconnect();
    const out = writeProfile(fromV8CpuProfile(v8), 'pprof', 'capture');
    expect(out.ext).toBe('pb.gz');
    expect([out.body[0], out.body[1]]).toEqual([0x1f, 0x8b]);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'redline-pprof-'));
    try {
      const file = path.join(dir, 'capture.pb.gz');
      writeFileSync(file, out.body);
      const top = execFileSync('go', ['tool', 'pprof', '-top', file], {
        encoding: 'utf8',
        env: { ...process.env, HOME: dir, GOCACHE: path.join(dir, 'cache') },
        timeout: 60_000,
      });
      expect(top).toMatch(/Type: cpu/);
      expect(top).toMatch(/Total samples = \d+(\.\d+)?m?s/);
      const rows = top.split('\n').filter((l) => /^\s+[\d.]+m?s/.test(l));
      expect(rows[0]).toContain('spinHot');
      // The sampling period is the capture's (1 ms here), not 0; both sample types are there.
      const raw = execFileSync('go', ['tool', 'pprof', '-raw', file], {
        encoding: 'utf8',
        env: { ...process.env, HOME: dir, GOCACHE: path.join(dir, 'cache') },
        timeout: 60_000,
      });
      expect(raw).toContain('PeriodType: cpu nanoseconds');
      const period = Number(/Period: (\d+)/.exec(raw)?.[1]);
      expect(period).toBeGreaterThan(500_000);
      expect(period).toBeLessThan(2_000_000);
      expect(raw).toContain('samples/count cpu/nanoseconds');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
