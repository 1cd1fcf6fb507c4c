// Uploads an attacker or a broken exporter could send: each is read or refused with a FormatError,
// quickly, whatever it holds (cycles, self-children, huge depth and counts, wrong types, Infinity,
// __proto__ keys). The first block reproduces what once hung or crashed the server.
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { profileArbitraries as arbitraries } from '../../../tests/helpers/hostile-profiles';
import { FormatError, IMPORT_LIMITS, readProfile } from '.';

const frame = (name: string) => ({ functionName: name, scriptId: '0', url: 'app.js', lineNumber: 1, columnNumber: 1 });
const cpu = (nodes: unknown[], extra: Record<string, unknown> = {}) =>
  Buffer.from(JSON.stringify({ nodes, startTime: 0, endTime: 1_000, samples: [1], timeDeltas: [1], ...extra }));
const speedscope = (profile: Record<string, unknown>, frames: unknown[] = [{ name: 'f' }]) =>
  Buffer.from(
    JSON.stringify({
      $schema: 'https://www.speedscope.app/file-format-schema.json',
      shared: { frames },
      profiles: [{ unit: 'microseconds', startValue: 0, endValue: 10, ...profile }],
    }),
  );

/** Reads `bytes` and says how: the profile's stack count, or the refusal's message. */
function outcome(bytes: Buffer): { ok: true; stacks: number } | { ok: false; reason: string } {
  try {
    return { ok: true, stacks: readProfile(bytes).profile.stacks.length };
  } catch (err) {
    if (err instanceof FormatError) return { ok: false, reason: err.message };
    throw err;
  }
}

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

describe('uploads that once took the server down', () => {
  it('a node that lists itself as its child (187 bytes)', () => {
    const r = timed(() => outcome(cpu([{ id: 1, callFrame: frame('(root)'), children: [1] }])));
    expect(r.value).toEqual({ ok: false, reason: 'node 1 lists itself as its child' });
    expect(r.ms).toBeLessThan(100);
  });

  it('two nodes that are each other’s child', () => {
    const body = cpu([
      { id: 1, callFrame: frame('a'), children: [2] },
      { id: 2, callFrame: frame('b'), children: [1] },
    ]);
    expect(outcome(body)).toMatchObject({ ok: false, reason: expect.stringMatching(/cycle/) });
  });

  it('a cycle below a proper root, and a node under two parents', () => {
    const cycle = cpu([
      { id: 1, callFrame: frame('(root)'), children: [2] },
      { id: 2, callFrame: frame('a'), children: [3] },
      { id: 3, callFrame: frame('b'), children: [2] },
    ]);
    expect(outcome(cycle)).toMatchObject({ ok: false, reason: expect.stringMatching(/child of both/) });
  });

  it('600,000 flat nodes (over the node limit) are refused before they are walked', () => {
    const nodes = Array.from({ length: 600_000 }, (_, i) => ({ id: i + 1, callFrame: frame('f') }));
    const r = timed(() => outcome(gzipSync(cpu(nodes))));
    expect(r.value).toEqual({ ok: false, reason: `600000 nodes; at most ${IMPORT_LIMITS.maxNodes} are read` });
  });

  it.each([5_000, 20_000])('a %i-deep chain of nodes', (depth) => {
    const nodes = Array.from({ length: depth }, (_, i) => ({
      id: i + 1,
      callFrame: frame(`f${i}`),
      children: i + 1 < depth ? [i + 2] : [],
    }));
    const r = timed(() => outcome(gzipSync(cpu(nodes, { samples: [depth], timeDeltas: [1] }))));
    expect(r.value).toMatchObject({ ok: false, reason: expect.stringMatching(/deeper than 1024/) });
    expect(r.ms).toBeLessThan(1_000);
  });

  it('a speedscope evented profile of 30,000 nested open events', () => {
    const events = Array.from({ length: 30_000 }, (_, i) => ({ type: 'O', frame: 0, at: i }));
    const r = timed(() => outcome(gzipSync(speedscope({ type: 'evented', events }))));
    expect(r.value).toMatchObject({ ok: false, reason: expect.stringMatching(/open 1025 deep/) });
    expect(r.ms).toBeLessThan(1_000);
  });

  it('400 MB of whitespace, gzipped, stops at the inflate limit', () => {
    const chunk = Buffer.alloc(16 * 1024 * 1024, 0x20);
    const z = gzipSync(Buffer.concat([Buffer.from('{'), ...Array.from({ length: 25 }, () => chunk), Buffer.from('}')]));
    const r = timed(() => outcome(z));
    expect(r.value).toMatchObject({ ok: false, reason: expect.stringMatching(/inflates past/) });
  });

  it.each([
    ['"children": 5', cpu([{ id: 1, callFrame: frame('(root)'), children: 5 }]), /nodes\.0\.children/],
    [
      '"endTime": "x"',
      Buffer.from(JSON.stringify({ nodes: [{ id: 1, callFrame: frame('a') }], startTime: 0, endTime: 'x' })),
      /endTime/,
    ],
    ['speedscope "samples":[5]', speedscope({ type: 'sampled', samples: [5], weights: [1] }), /samples\.0/],
    ['a sample naming no node', cpu([{ id: 1, callFrame: frame('a') }], { samples: [7] }), /node 7/],
    ['an unknown child', cpu([{ id: 1, callFrame: frame('a'), children: [9] }]), /child 9/],
    [
      'Infinity as a time',
      Buffer.from(
        '{"nodes":[{"id":1,"callFrame":{"functionName":"a","url":"","lineNumber":1,"columnNumber":1}}],"startTime":0,"endTime":1e999}',
      ),
      /endTime/,
    ],
    [
      'a close that does not match',
      speedscope(
        {
          type: 'evented',
          events: [
            { type: 'O', frame: 0, at: 0 },
            { type: 'C', frame: 1, at: 1 },
          ],
        },
        [{ name: 'a' }, { name: 'b' }],
      ),
      /closes frame 1/,
    ],
    [
      'events going back in time',
      speedscope({
        type: 'evented',
        events: [
          { type: 'O', frame: 0, at: 5 },
          { type: 'C', frame: 0, at: 1 },
        ],
      }),
      /earlier/,
    ],
  ])('%s answers a reason, not a crash', (_name, body, why) => {
    const r = outcome(body);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(why);
  });

  it('__proto__ keys are data, not a prototype', () => {
    const body = Buffer.from(
      '{"__proto__":{"polluted":1},"nodes":[{"id":1,"__proto__":{"x":1},"callFrame":{"functionName":"a","url":"","lineNumber":1,"columnNumber":1,"__proto__":{}},"hitCount":1}],"startTime":0,"endTime":10}',
    );
    expect(outcome(body)).toEqual({ ok: true, stacks: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('generated uploads', () => {
  it.each(Object.keys(arbitraries))('1,000 %s inputs: each read or refused with a reason, quickly', (format) => {
    const arb = arbitraries[format] as fc.Arbitrary<Buffer>;
    let refused = 0;
    let slowest = 0;
    fc.assert(
      fc.property(arb, (bytes) => {
        const r = timed(() => outcome(bytes));
        slowest = Math.max(slowest, r.ms);
        if (!r.value.ok) refused++;
        return r.ms < 500;
      }),
      { numRuns: 1_000 },
    );
    expect(slowest).toBeLessThan(500);
    // The generators make mostly broken files; some must get through the checks to be a test of reading.
    expect(refused).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
