import { Session } from 'node:inspector/promises';
import { gzipSync } from 'node:zlib';
import { parseCpuProfile } from 'flamebearer';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffTree, flameChart, flameTree, functionDiff } from '../flame';
import { FormatError, readProfile, toV8CpuProfile, writeProfile } from '.';
import {
  fromV8CpuProfile,
  functionTable,
  mergeProfiles,
  type Profile,
  ProfileBuilder,
  topFunctions,
  type V8CpuProfile,
} from '../model';

function spinFor(ms: number): number {
  const until = performance.now() + ms;
  let x = 0;
  while (performance.now() < until) for (let i = 0; i < 20_000; i++) x += Math.sqrt(x + i);
  return x;
}

let captured: V8CpuProfile;
beforeAll(async () => {
  const s = new Session();
  s.connect();
  await s.post('Profiler.enable');
  await s.post('Profiler.setSamplingInterval', { interval: 200 });
  await s.post('Profiler.start');
  spinFor(150);
  captured = (await s.post('Profiler.stop')).profile as unknown as V8CpuProfile;
  s.disconnect();
});

const synthetic = (entries: [string, number][]): Profile => {
  const b = new ProfileBuilder('samples');
  for (const [path, v] of entries)
    b.add(
      path.split(';').map((name) => b.frame({ name, file: 'app.js', line: 1, col: 1 })),
      v,
    );
  return b.build();
};

describe('V8 profiles', () => {
  it('turn into stacks whose hottest function is the one that spun', () => {
    const p = fromV8CpuProfile(captured);
    expect(topFunctions(p, 3).map((f) => f.name)).toContain('spinFor');
    expect(p.timeline?.length).toBeGreaterThan(100);
  });

  it('export as a .cpuprofile another reader accepts, with the same hottest function', () => {
    const p = fromV8CpuProfile(captured);
    const out = JSON.parse(writeProfile(p, 'cpuprofile', 'test').body.toString()) as V8CpuProfile;
    const thread = parseCpuProfile(out, 'exported') as { top: { frame: { functionName: string } }[]; samples: number };
    expect(out.samples?.length).toBe(p.timeline?.length);
    expect(thread.samples).toBe(out.samples?.length);
    expect(thread.top[0]?.frame.functionName).toBe('spinFor');
  });

  it('survive a round trip through each format', () => {
    const p = fromV8CpuProfile(captured);
    for (const format of ['cpuprofile', 'speedscope', 'pprof'] as const) {
      const back = readProfile(writeProfile(p, format, 'x').body);
      expect(back.format).toBe(format);
      expect(topFunctions(back.profile, 1)[0]?.name).toBe(topFunctions(p, 1)[0]?.name);
      const total = (q: Profile) => q.stacks.reduce((n, s) => n + s.value, 0);
      expect(total(back.profile)).toBeGreaterThan(total(p) * 0.9);
    }
    const folded = readProfile(gzipSync(writeProfile(p, 'folded', 'x').body));
    expect(folded.format).toBe('folded');
    expect(topFunctions(folded.profile, 1)[0]?.name).toBe(topFunctions(p, 1)[0]?.name);
  });

  it('draw as a flame chart in sample order', () => {
    const spans = flameChart(fromV8CpuProfile(captured));
    expect(spans.length).toBeGreaterThan(0);
    expect(spans.every((s) => s.end >= s.start)).toBe(true);
  });
});

describe('trees, tables and diffs', () => {
  const a = synthetic([
    ['main;work;hot', 60],
    ['main;work;cold', 40],
  ]);
  const b = synthetic([
    ['main;work;hot', 90],
    ['main;work;cold', 10],
    ['main;new', 100],
  ]);

  it('aggregates, widest first, and counts a recursive function once per stack', () => {
    const tree = flameTree(b);
    expect(tree.total).toBe(200);
    expect(tree.children[0]?.children.map((c) => b.frames[c.frame]?.name)).toEqual(['work', 'new']);
    const rec = synthetic([['f;f;f', 10]]);
    expect(functionTable(rec)[0]).toMatchObject({ name: 'f', self: 10, total: 10 });
  });

  it('diffs by share of each total', () => {
    const { tree } = diffTree(a, b);
    const work = tree.children[0]?.children.find((c) => b.frames[c.frame]?.name === 'work');
    expect(work?.before).toBeCloseTo(1);
    expect(work?.after).toBeCloseTo(0.5);
    const rows = functionDiff(a, b);
    expect(rows[0]).toMatchObject({ name: 'new', before: 0, after: 0.5 });
    expect(mergeProfiles([a, b]).stacks.reduce((n, s) => n + s.value, 0)).toBe(300);
  });
});

describe('bad uploads', () => {
  it.each([
    ['{"nodes": 3}', /neither/],
    ['{not json', /not valid JSON/],
    ['main;a 1\nmain;b x', /line 2/],
    [Buffer.from([0x1f, 0x8b, 1, 2, 3]), /inflate/],
    [Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f]), /pprof/],
    [
      '{"$schema":"https://www.speedscope.app/file-format-schema.json","shared":{"frames":[]},"profiles":[{"type":"sampled","unit":"none","startValue":0,"endValue":1,"samples":[[5]],"weights":[1]}]}',
      /frame 5/,
    ],
  ])('%s is refused with a reason', (input, why) => {
    expect(() => readProfile(Buffer.isBuffer(input) ? input : Buffer.from(input))).toThrow(FormatError);
    expect(() => readProfile(Buffer.isBuffer(input) ? input : Buffer.from(input))).toThrow(why);
  });

  it('a profile exported without a timeline still opens as a .cpuprofile', () => {
    const out = toV8CpuProfile(synthetic([['a;b', 3_000]]), 1_000);
    expect(out.samples?.length).toBe(3);
  });
});
