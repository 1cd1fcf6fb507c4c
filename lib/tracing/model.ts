// Pure: spans as Redline keeps them, whichever format they arrived in, and what a trace view
// derives from them — its tree, each span's self time, and the critical path.

export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };
export type Attributes = Record<string, AttrValue>;

/** OTLP's SpanKind numbers: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
export const SPAN_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
/** OTLP's StatusCode numbers. */
export const STATUS = { unset: 0, ok: 1, error: 2 } as const;

export interface SpanEvent {
  timeUs: number;
  name: string;
  attributes: Attributes;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  attributes: Attributes;
}

export interface SpanRecord {
  /** 32 lowercase hex digits */
  traceId: string;
  /** 16 lowercase hex digits */
  spanId: string;
  parentId: string | null;
  service: string;
  name: string;
  kind: number;
  /** epoch microseconds (a double holds them exactly until the year 2255) */
  startUs: number;
  durationUs: number;
  status: number;
  statusMessage: string | null;
  attributes: Attributes;
  events: SpanEvent[];
  links: SpanLink[];
  resource: Attributes;
  scope: { name: string; version: string } | null;
}

export interface TraceSummary {
  traceId: string;
  rootService: string;
  rootName: string;
  startUs: number;
  durationUs: number;
  spans: number;
  errors: number;
  services: { service: string; spans: number }[];
}

/** The nearest-rank quantile of ascending values (the value at ⌈q·n⌉), or null of none. */
export function nearestRank(sorted: readonly number[], q: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? null;
}

/** The span a trace is named after: the one without a parent, else the earliest. */
export function rootOf(spans: readonly SpanRecord[]): SpanRecord | undefined {
  const ids = new Set(spans.map((s) => s.spanId));
  let best: SpanRecord | undefined;
  for (const s of spans) {
    const isRoot = !s.parentId || !ids.has(s.parentId);
    const bestIsRoot = best ? !best.parentId || !ids.has(best.parentId) : false;
    if (!best || (isRoot && !bestIsRoot) || (isRoot === bestIsRoot && s.startUs < best.startUs)) best = s;
  }
  return best;
}

export function summarize(traceId: string, spans: readonly SpanRecord[]): TraceSummary {
  const root = rootOf(spans);
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  let errors = 0;
  const services = new Map<string, number>();
  for (const s of spans) {
    start = Math.min(start, s.startUs);
    end = Math.max(end, s.startUs + s.durationUs);
    if (s.status === STATUS.error) errors++;
    services.set(s.service, (services.get(s.service) ?? 0) + 1);
  }
  return {
    traceId,
    rootService: root?.service ?? '',
    rootName: root?.name ?? '',
    startUs: Number.isFinite(start) ? start : 0,
    durationUs: Number.isFinite(end) ? end - start : 0,
    spans: spans.length,
    errors,
    services: [...services].map(([service, n]) => ({ service, spans: n })).sort((a, b) => b.spans - a.spans),
  };
}

export interface TreeNode {
  span: SpanRecord;
  depth: number;
  children: TreeNode[];
}

/** Spans as a forest in start order; a span whose parent is missing becomes a root of its own. */
export function buildTree(spans: readonly SpanRecord[]): TreeNode[] {
  const nodes = new Map<string, TreeNode>();
  for (const s of spans) nodes.set(s.spanId, { span: s, depth: 0, children: [] });
  const roots: TreeNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.span.parentId ? nodes.get(n.span.parentId) : undefined;
    if (parent && parent !== n) parent.children.push(n);
    else roots.push(n);
  }
  const byStart = (a: TreeNode, b: TreeNode) => a.span.startUs - b.span.startUs;
  // Iterative, so a hostile trace a million spans deep cannot overflow the stack.
  const stack = roots.sort(byStart).map((n) => ({ n, depth: 0 }));
  const seen = new Set<TreeNode>();
  while (stack.length) {
    const { n, depth } = stack.pop() as { n: TreeNode; depth: number };
    if (seen.has(n)) continue;
    seen.add(n);
    n.depth = depth;
    n.children.sort(byStart);
    for (const c of n.children) stack.push({ n: c, depth: depth + 1 });
  }
  return roots;
}

/** Depth-first order, the order a timeline lists its rows in. */
export function flatten(roots: readonly TreeNode[], collapsed: ReadonlySet<string> = new Set()): TreeNode[] {
  const out: TreeNode[] = [];
  const stack = [...roots].reverse();
  const seen = new Set<TreeNode>();
  while (stack.length) {
    const n = stack.pop() as TreeNode;
    if (seen.has(n)) continue;
    seen.add(n);
    out.push(n);
    if (!collapsed.has(n.span.spanId))
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as TreeNode);
  }
  return out;
}

export interface CriticalSegment {
  spanId: string;
  startUs: number;
  endUs: number;
}

/** Overlap the critical path reads as clock granularity: at most 1 ms, and a tenth of the child. */
export const CLOCK_TOLERANCE_US = 1_000;
const withinClockTolerance = (overlapUs: number, childUs: number) =>
  overlapUs <= CLOCK_TOLERANCE_US && overlapUs <= childUs / 10;

/**
 * The critical path (Jaeger's definition): walking back from the end of a span, the child that
 * finished last before the current point is on the path for its overlap, then the walk continues
 * from where that child started; time no child covers is the span's own. Returns, per span, the
 * stretches of time it is on the path.
 */
export function criticalPath(roots: readonly TreeNode[]): CriticalSegment[] {
  const out: CriticalSegment[] = [];
  const root = [...roots].sort((a, b) => b.span.durationUs - a.span.durationUs)[0];
  if (!root) return out;
  const work: { node: TreeNode; from: number; to: number }[] = [
    { node: root, from: root.span.startUs, to: root.span.startUs + root.span.durationUs },
  ];
  let guard = 0;
  while (work.length && guard++ < 1_000_000) {
    const { node, from, to } = work.pop() as { node: TreeNode; from: number; to: number };
    // Children clipped to this span's stretch, ending latest first.
    const kids = node.children
      .map((c) => ({ c, start: Math.max(c.span.startUs, from), end: Math.min(c.span.startUs + c.span.durationUs, to) }))
      .filter((k) => k.end > k.start)
      .sort((a, b) => b.end - a.end);
    let cursor = to;
    for (const k of kids) {
      if (cursor <= from) break;
      // The child that finished last before the point reached; one still running there is skipped,
      // unless it ends within the clock's granularity of that point (SDKs that stamp whole
      // milliseconds make the next call seem to start just before the previous one ended).
      if (k.end > cursor && !withinClockTolerance(k.end - cursor, k.end - k.start)) continue;
      const end = Math.min(k.end, cursor);
      if (end < cursor) out.push({ spanId: node.span.spanId, startUs: end, endUs: cursor });
      if (end > k.start) work.push({ node: k.c, from: k.start, to: end });
      cursor = k.start;
    }
    if (cursor > from) out.push({ spanId: node.span.spanId, startUs: from, endUs: cursor });
  }
  return out.sort((a, b) => a.startUs - b.startUs);
}

/** Each span's time with no child running (its own work), in µs. */
export function selfTimes(roots: readonly TreeNode[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const n of flatten(roots)) {
    const start = n.span.startUs;
    const end = start + n.span.durationUs;
    const iv = n.children
      .map((c) => [Math.max(start, c.span.startUs), Math.min(end, c.span.startUs + c.span.durationUs)] as const)
      .filter(([a, b]) => b > a)
      .sort((a, b) => a[0] - b[0]);
    let covered = 0;
    let curA = Number.NaN;
    let curB = Number.NaN;
    for (const [a, b] of iv) {
      if (Number.isNaN(curA) || a > curB) {
        if (!Number.isNaN(curA)) covered += curB - curA;
        curA = a;
        curB = b;
      } else curB = Math.max(curB, b);
    }
    if (!Number.isNaN(curA)) covered += curB - curA;
    out.set(n.span.spanId, Math.max(0, n.span.durationUs - covered));
  }
  return out;
}
