// Pure: where each frame of a flame graph goes — rectangles in [0, 1] × depth for the aggregated
// tree (zoomed to a node, nodes under a minimum share dropped) or for the time-ordered chart —
// their colours, and which rectangle a point falls in.
import { type ChartSpan, diffColor, type FlameNode } from '@/lib/profiling/flame';
import type { Frame } from '@/lib/profiling/model';

export interface FlameRect {
  x: number;
  w: number;
  depth: number;
  frame: number;
  total: number;
  self: number;
  node?: FlameNode;
  before?: number;
  after?: number;
}

/** Rectangles of the aggregated tree under `root`; depth 0 is the root itself. */
export function layoutTree(root: FlameNode, minShare: number): { rects: FlameRect[]; depth: number } {
  const rects: FlameRect[] = [];
  const total = root.total || 1;
  let maxDepth = 0;
  const walk = (n: FlameNode, x: number, depth: number) => {
    const w = n.total / total;
    if (w < minShare) return;
    rects.push({
      x,
      w,
      depth,
      frame: n.frame,
      total: n.total,
      self: n.self,
      node: n,
      before: n.before,
      after: n.after,
    });
    maxDepth = Math.max(maxDepth, depth);
    let cx = x;
    for (const c of n.children) {
      walk(c, cx, depth + 1);
      cx += c.total / total;
    }
  };
  walk(root, 0, 0);
  return { rects, depth: maxDepth + 1 };
}

/** Rectangles of the time-ordered chart (x by time; depth 0 is the stack's root frame). */
export function layoutChart(spans: readonly ChartSpan[], minShare: number): { rects: FlameRect[]; depth: number } {
  const end = spans.reduce((m, s) => Math.max(m, s.end), 0) || 1;
  const rects: FlameRect[] = [];
  let maxDepth = 0;
  for (const s of spans) {
    const w = (s.end - s.start) / end;
    if (w < minShare) continue;
    rects.push({ x: s.start / end, w, depth: s.depth, frame: s.frame, total: s.end - s.start, self: 0 });
    maxDepth = Math.max(maxDepth, s.depth);
  }
  return { rects, depth: maxDepth + 1 };
}

/** Index per depth, sorted by x, for hit-testing in O(log n). */
export function indexByDepth(rects: readonly FlameRect[]): FlameRect[][] {
  const rows: FlameRect[][] = [];
  for (const r of rects) {
    const row = rows[r.depth] ?? [];
    rows[r.depth] = row;
    row.push(r);
  }
  for (const row of rows) row?.sort((a, b) => a.x - b.x);
  return rows;
}

export function hit(rows: readonly FlameRect[][], x: number, depth: number): FlameRect | undefined {
  const row = rows[depth];
  if (!row) return undefined;
  let lo = 0;
  let hi = row.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = row[mid] as FlameRect;
    if (x < r.x) hi = mid - 1;
    else if (x > r.x + r.w) lo = mid + 1;
    else return r;
  }
  return undefined;
}

/** A stable warm colour per function name (flame graphs' convention); node internals in grey. */
export function frameColor(f: Frame | undefined, dark: boolean): string {
  if (!f) return dark ? '#444' : '#ddd';
  if (f.name.startsWith('(')) return dark ? '#555' : '#ccc';
  let h = 0;
  for (let i = 0; i < f.name.length; i++) h = (h * 31 + f.name.charCodeAt(i)) | 0;
  const hue = 10 + (Math.abs(h) % 45);
  const light = f.file.includes('node_modules') || f.file.startsWith('node:') ? 70 : 58;
  return `hsl(${hue}, 80%, ${dark ? light - 14 : light}%)`;
}

export function rectColor(r: FlameRect, frames: readonly Frame[], dark: boolean, diff: boolean): string {
  if (diff && r.before !== undefined && r.after !== undefined) return diffColor(r.before, r.after);
  return frameColor(frames[r.frame], dark);
}

/** The chain of nodes from the root to `target` (for the zoom breadcrumb), or [] if absent. */
export function pathTo(root: FlameNode, target: FlameNode): FlameNode[] {
  if (root === target) return [root];
  for (const c of root.children) {
    const p = pathTo(c, target);
    if (p.length) return [root, ...p];
  }
  return [];
}
