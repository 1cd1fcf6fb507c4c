// One capture, four downloads: every export of a profile shows the same total and the same shares
// (the record's sample count included), because they all come from the one model under one rule
// for idle time (dropped) and program and GC time (kept as frames).
import { Session } from 'node:inspector/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORMATS, readProfile, writeProfile } from '.';
import { fromV8CpuProfile, type Profile, totalOf, type V8CpuProfile } from '../model';

let captured: V8CpuProfile;

function busy(ms: number): number {
  const until = performance.now() + ms;
  let junk: number[][] = [];
  let x = 0;
  while (performance.now() < until) {
    for (let i = 0; i < 5_000; i++) x += Math.sqrt(x + i);
    junk.push(new Array(2_000).fill(x)); // garbage, so the collector runs
    if (junk.length > 200) junk = [];
  }
  return x;
}

beforeAll(async () => {
  const s = new Session();
  s.connect();
  await s.post('Profiler.enable');
  await s.post('Profiler.setSamplingInterval', { interval: 500 });
  await s.post('Profiler.start');
  // Work with idle gaps between, as a server's profile has.
  for (let i = 0; i < 6; i++) {
    busy(60);
    await new Promise((r) => setTimeout(r, 60));
  }
  captured = (await s.post('Profiler.stop')).profile as unknown as V8CpuProfile;
  s.disconnect();
}, 30_000);

const share = (p: Profile, name: string) => {
  const t = totalOf(p) || 1;
  let v = 0;
  for (const s of p.stacks) if (s.frames.some((f) => p.frames[f]?.name === name)) v += s.value;
  return v / t;
};

describe('the downloads of one capture', () => {
  it('has idle time, which the model drops and counts apart', () => {
    const model = fromV8CpuProfile(captured);
    expect(model.idleSamples).toBeGreaterThan(10);
    expect(model.samples).toBe(model.timeline?.length);
    expect((captured.samples?.length ?? 0) - (model.samples ?? 0)).toBe(model.idleSamples);
    // Work was roughly half the capture: the model's total is the work, not the wall clock.
    expect(totalOf(model)).toBeLessThan((captured.endTime - captured.startTime) * 0.8);
  });

  it('agree on the total and on every share within 1%', () => {
    const model = fromV8CpuProfile(captured);
    const total = totalOf(model);
    const names = ['busy', '(garbage collector)', '(program)'];
    for (const format of FORMATS) {
      const back = readProfile(writeProfile(model, format, 'capture').body).profile;
      expect(Math.abs(totalOf(back) - total) / total, `${format} total`).toBeLessThan(0.01);
      for (const n of names) expect(Math.abs(share(back, n) - share(model, n)), `${format} ${n}`).toBeLessThan(0.01);
    }
  });

  it('a .cpuprofile keeps the sample count and has no idle gaps', () => {
    const model = fromV8CpuProfile(captured);
    const out = JSON.parse(writeProfile(model, 'cpuprofile', 'x').body.toString()) as V8CpuProfile;
    expect(out.samples?.length).toBe(model.samples);
    const gaps = (out.timeDeltas ?? []).filter((d) => d > 50_000);
    expect(gaps).toEqual([]);
    expect(out.endTime - out.startTime).toBeCloseTo(totalOf(model), -1);
  });
});
