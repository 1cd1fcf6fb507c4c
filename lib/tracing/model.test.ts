import { describe, expect, it } from 'vitest';
import { buildTree, criticalPath, flatten, nearestRank, type SpanRecord, selfTimes, summarize } from './model';

const span = (
  spanId: string,
  parentId: string | null,
  startUs: number,
  durationUs: number,
  service = 'a',
): SpanRecord => ({
  traceId: 't',
  spanId,
  parentId,
  service,
  name: spanId,
  kind: 0,
  startUs,
  durationUs,
  status: 0,
  statusMessage: null,
  attributes: {},
  events: [],
  links: [],
  resource: {},
  scope: null,
});

describe('trace model', () => {
  // root 0–100; a 10–40; b 30–90 (overlaps a); c (child of b) 50–70
  const spans = [
    span('root', null, 0, 100),
    span('a', 'root', 10, 30),
    span('b', 'root', 30, 60, 'b'),
    span('c', 'b', 50, 20),
  ];

  it('builds the tree in start order and summarizes', () => {
    const tree = buildTree(spans);
    expect(flatten(tree).map((n) => [n.span.spanId, n.depth])).toEqual([
      ['root', 0],
      ['a', 1],
      ['b', 1],
      ['c', 2],
    ]);
    expect(summarize('t', spans)).toMatchObject({ rootName: 'root', durationUs: 100, spans: 4 });
    expect(flatten(tree, new Set(['b'])).map((n) => n.span.spanId)).toEqual(['root', 'a', 'b']);
  });

  it('walks the critical path back from the end: the last child to finish, then what finished before it started', () => {
    // a runs in parallel with b and finishes after b starts, so it never held the trace up.
    const path = criticalPath(buildTree(spans)).map((s) => [s.spanId, s.startUs, s.endUs]);
    expect(path).toEqual([
      ['root', 0, 30],
      ['b', 30, 50],
      ['c', 50, 70],
      ['b', 70, 90],
      ['root', 90, 100],
    ]);
  });

  it('keeps a slow call on the path when the next one seems to start 0.3 ms before it ends (ms clocks)', () => {
    // GET /slow is 95% of the trace; the SDK's millisecond stamps make `after` start before it ends.
    const ms = 1_000;
    const trace = [
      span('root', null, 0, 265 * ms),
      span('db', 'root', 1 * ms, 4 * ms),
      span('slow', 'root', 5 * ms, 252 * ms),
      span('after', 'root', 256.7 * ms, 5 * ms),
    ];
    const path = criticalPath(buildTree(trace));
    const on = (id: string) => path.filter((s) => s.spanId === id).reduce((n, s) => n + s.endUs - s.startUs, 0);
    expect(on('slow')).toBeGreaterThan(251 * ms);
    expect(on('after')).toBe(5 * ms);
    // The path covers the trace once: no stretch counted twice.
    expect(path.reduce((n, s) => n + s.endUs - s.startUs, 0)).toBe(265 * ms);
  });

  it('gives each span its self time, overlapping children counted once', () => {
    const self = selfTimes(buildTree(spans));
    expect(self.get('root')).toBe(20);
    expect(self.get('b')).toBe(40);
    expect(self.get('c')).toBe(20);
  });

  it('survives a cycle and a missing parent', () => {
    const cyclic = [span('x', 'y', 0, 10), span('y', 'x', 1, 5), span('z', 'gone', 2, 3)];
    const tree = buildTree(cyclic);
    expect(flatten(tree).map((n) => n.span.spanId)).toEqual(['z']);
  });
});

it('takes the nearest-rank quantile, and none of nothing', () => {
  expect(nearestRank([10, 20, 30, 40], 0.5)).toBe(20);
  expect(nearestRank([10, 20, 30, 40], 0.95)).toBe(40);
  expect(nearestRank([7], 0)).toBe(7);
  expect(nearestRank([], 0.95)).toBeNull();
});
