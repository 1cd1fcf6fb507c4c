// Pure: flame-graph trees from a profile — aggregated (left-heavy: widest callee first), a
// flame chart in sample order, and the overlaid diff of two profiles (each normalized to its own
// total, so a 10 s and a 60 s profile compare by share).
import type { Profile } from './model';

export interface FlameNode {
  frame: number;
  /** value of this node and everything under it */
  total: number;
  self: number;
  children: FlameNode[];
  /** diff only: the baseline's share and this profile's share of their totals, 0…1 */
  before?: number;
  after?: number;
}

/** The aggregated tree (root frame -1), children widest first. */
export function flameTree(p: Profile): FlameNode {
  const root: FlameNode = { frame: -1, total: 0, self: 0, children: [] };
  const index = new Map<FlameNode, Map<number, FlameNode>>();
  for (const s of p.stacks) {
    let node = root;
    node.total += s.value;
    for (const f of s.frames) {
      let kids = index.get(node);
      if (!kids) {
        kids = new Map();
        index.set(node, kids);
      }
      let child = kids.get(f);
      if (!child) {
        child = { frame: f, total: 0, self: 0, children: [] };
        kids.set(f, child);
        node.children.push(child);
      }
      child.total += s.value;
      node = child;
    }
    node.self += s.value;
  }
  sortTree(root);
  return root;
}

function sortTree(n: FlameNode): void {
  n.children.sort((a, b) => b.total - a.total);
  for (const c of n.children) sortTree(c);
}

export function countNodes(n: FlameNode): number {
  let c = 1;
  for (const k of n.children) c += countNodes(k);
  return c;
}

export interface ChartSpan {
  depth: number;
  frame: number;
  /** µs from the profile's start */
  start: number;
  end: number;
}

/** Time-ordered view: consecutive samples sharing a frame at a depth become one span. */
export function flameChart(p: Profile): ChartSpan[] {
  const tl = p.timeline;
  if (!tl?.length) return [];
  const t0 = tl[0]?.at ?? 0;
  const spans: ChartSpan[] = [];
  const open: (ChartSpan | undefined)[] = [];
  const close = (from: number, at: number) => {
    for (let d = open.length - 1; d >= from; d--) {
      const s = open[d];
      if (s) {
        s.end = at;
        spans.push(s);
      }
    }
    open.length = from;
  };
  for (const { stack, at } of tl) {
    const frames = p.stacks[stack]?.frames ?? [];
    let d = 0;
    while (d < frames.length && d < open.length && open[d]?.frame === frames[d]) d++;
    close(d, at - t0);
    for (let k = d; k < frames.length; k++)
      open[k] = { depth: k, frame: frames[k] as number, start: at - t0, end: at - t0 };
  }
  const last = tl[tl.length - 1];
  close(0, (last?.at ?? 0) - t0 + 1);
  return spans;
}

/**
 * The overlaid diff: `after`'s tree where each node also carries its share in `before` (matched by
 * the path of function names and files, so two captures of the same code line up). What only the
 * baseline had shows in functionDiff's list.
 */
export function diffTree(before: Profile, after: Profile): { tree: FlameNode; profile: Profile } {
  const pathKey = (p: Profile, frames: number[]) =>
    frames
      .map((f) => {
        const fr = p.frames[f];
        return fr ? `${fr.name}@${fr.file}:${fr.line}` : '?';
      })
      .join('\u0001');
  const beforeTotal = before.stacks.reduce((n, s) => n + s.value, 0) || 1;
  const afterTotal = after.stacks.reduce((n, s) => n + s.value, 0) || 1;
  // Share of `before` under every path prefix.
  const beforeShare = new Map<string, number>();
  for (const s of before.stacks) {
    for (let i = 1; i <= s.frames.length; i++) {
      const k = pathKey(before, s.frames.slice(0, i));
      beforeShare.set(k, (beforeShare.get(k) ?? 0) + s.value / beforeTotal);
    }
  }
  const tree = flameTree(after);
  const walk = (n: FlameNode, path: number[]) => {
    n.after = n.total / afterTotal;
    n.before = path.length ? (beforeShare.get(pathKey(after, path)) ?? 0) : 1;
    for (const c of n.children) walk(c, [...path, c.frame]);
  };
  walk(tree, []);
  return { tree, profile: after };
}

/** The colour of a diff node: red where its share grew, blue where it shrank, grey alike. */
export function diffColor(before: number, after: number): string {
  const delta = after - before;
  const scale = Math.min(1, Math.abs(delta) / Math.max(0.02, Math.max(before, after)));
  const light = Math.round(92 - scale * 42);
  if (Math.abs(delta) < 0.001) return 'hsl(0, 0%, 80%)';
  return delta > 0 ? `hsl(0, 80%, ${light}%)` : `hsl(215, 80%, ${light}%)`;
}

export interface FunctionDiffRow {
  name: string;
  file: string;
  line: number;
  /** self share of each total, 0…1 */
  before: number;
  after: number;
}

/** Self share per function in both profiles, largest change first (functions gone included). */
export function functionDiff(before: Profile, after: Profile): FunctionDiffRow[] {
  const rows = new Map<string, FunctionDiffRow>();
  const add = (p: Profile, side: 'before' | 'after') => {
    const total = p.stacks.reduce((n, s) => n + s.value, 0) || 1;
    for (const s of p.stacks) {
      const f = p.frames[s.frames[s.frames.length - 1] ?? -1];
      if (!f) continue;
      const k = `${f.name}@${f.file}:${f.line}`;
      const r = rows.get(k) ?? { name: f.name, file: f.file, line: f.line, before: 0, after: 0 };
      r[side] += s.value / total;
      rows.set(k, r);
    }
  };
  add(before, 'before');
  add(after, 'after');
  return [...rows.values()].sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before));
}
