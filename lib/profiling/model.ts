// Pure: one profile representation for every source and view — a frame table and stacks with a
// value (CPU microseconds, allocated bytes or samples), optionally the sample timeline. V8
// .cpuprofile, pprof, speedscope and folded stacks all convert to and from it (formats.ts), and
// flame graphs, function tables, merges and diffs are computed from it.

export interface Frame {
  name: string;
  /** script URL or path ('' for native and VM frames) */
  file: string;
  /** 1-based; 0 when unknown */
  line: number;
  col: number;
}

export type ProfileUnit = 'microseconds' | 'bytes' | 'samples';

export interface Stack {
  frames: number[];
  value: number;
  label?: string;
}

export interface Profile {
  unit: ProfileUnit;
  frames: Frame[];
  /** each stack root first, as frame indexes, with its self value and, where known, the route or job it ran for */
  stacks: Stack[];
  /**
   * sample order, for the time-ordered view: index into `stacks`, the time at that sample and how
   * long it stands for (µs; a stack's value is the sum of its samples' weights)
   */
  timeline?: { stack: number; at: number; weight: number }[];
  startedAt?: number;
  durationUs?: number;
  /** samples of work in the profile (idle ones are not counted: see IDLE) */
  samples?: number;
  /** samples the process spent idle, dropped from every view and export */
  idleSamples?: number;
}

/** The V8 inspector's CPU profile (Profiler.stop), as Chrome DevTools reads it. */
export interface V8CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; scriptId?: string; url: string; lineNumber: number; columnNumber: number };
    hitCount?: number;
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** The V8 inspector's sampling heap profile (HeapProfiler.stopSampling): bytes allocated and still live, by stack. */
export interface SamplingHeapProfile {
  head: SamplingHeapNode;
  samples?: { size: number; nodeId: number; ordinal: number }[];
}
export interface SamplingHeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  selfSize: number;
  id: number;
  children: SamplingHeapNode[];
}

/** An allocation profile as a Profile in bytes. */
export function fromSamplingHeapProfile(p: SamplingHeapProfile): Profile {
  const b = new ProfileBuilder('bytes');
  const walk = (n: SamplingHeapNode, path: number[]) => {
    const here =
      n.callFrame.functionName === '(root)' && path.length === 0
        ? path
        : [
            ...path,
            b.frame({
              name: n.callFrame.functionName || '(anonymous)',
              file: n.callFrame.url,
              line: n.callFrame.lineNumber + 1,
              col: n.callFrame.columnNumber + 1,
            }),
          ];
    if (n.selfSize > 0 && here.length) b.add(here, n.selfSize);
    for (const c of n.children) walk(c, here);
  };
  walk(p.head, []);
  return b.build({ samples: p.samples?.length });
}

export const frameKey = (f: Frame) => `${f.name}\u0000${f.file}\u0000${f.line}\u0000${f.col}`;

/** Interns frames and stacks while building a profile. */
export class ProfileBuilder {
  private readonly frameIndex = new Map<string, number>();
  private readonly stackIndex = new Map<string, number>();
  readonly frames: Frame[] = [];
  readonly stacks: Stack[] = [];

  constructor(readonly unit: ProfileUnit) {}

  frame(f: Frame): number {
    const k = frameKey(f);
    let i = this.frameIndex.get(k);
    if (i === undefined) {
      i = this.frames.length;
      this.frames.push(f);
      this.frameIndex.set(k, i);
    }
    return i;
  }

  /** Adds `value` to a stack (frame indexes, root first) under an optional label; returns the stack's index. */
  add(frames: number[], value: number, label?: string): number {
    const k = label ? `${frames.join(',')}|${label}` : frames.join(',');
    let i = this.stackIndex.get(k);
    if (i === undefined) {
      i = this.stacks.length;
      this.stacks.push(label ? { frames, value: 0, label } : { frames, value: 0 });
      this.stackIndex.set(k, i);
    }
    (this.stacks[i] as { value: number }).value += value;
    return i;
  }

  build(extra: Partial<Profile> = {}): Profile {
    return { unit: this.unit, frames: this.frames, stacks: this.stacks.filter((s) => s.value > 0), ...extra };
  }
}

/**
 * The one rule for V8's pseudo-frames, in every view and every export: "(idle)" is the thread
 * waiting for work and is dropped (counted apart as idle samples); "(program)" (native and VM work
 * outside JavaScript) and "(garbage collector)" are CPU the process spent, and stay as frames.
 */
export const IDLE = '(idle)';

/** A V8 .cpuprofile as a Profile in microseconds, with its sample timeline (idle samples dropped). */
export function fromV8CpuProfile(p: V8CpuProfile, opts: { labels?: readonly string[] } = {}): Profile {
  const b = new ProfileBuilder('microseconds');
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackOf = new Map<number, number[] | null>();
  const pathOf = (id: number): number[] | null => {
    const known = stackOf.get(id);
    if (known !== undefined) return known;
    const chain: number[] = [];
    let cur: number | undefined = id;
    while (cur !== undefined) {
      const n = byId.get(cur);
      if (!n) break;
      if (n.callFrame.functionName !== '(root)' || parent.has(cur)) chain.push(cur);
      cur = parent.get(cur);
    }
    chain.reverse();
    const leaf = byId.get(id);
    const frames =
      leaf && leaf.callFrame.functionName === IDLE
        ? null
        : chain.map((c) => {
            const cf = (byId.get(c) as V8CpuProfile['nodes'][number]).callFrame;
            return b.frame({
              name: cf.functionName || '(anonymous)',
              file: cf.url,
              line: cf.lineNumber + 1,
              col: cf.columnNumber + 1,
            });
          });
    stackOf.set(id, frames);
    return frames;
  };
  const timeline: { stack: number; at: number; weight: number }[] = [];
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  let at = p.startTime;
  let idle = 0;
  if (samples.length) {
    samples.forEach((id, i) => {
      at += deltas[i] ?? 0;
      // A sample lasts until the next one; the last one until the profile's end.
      const next = deltas[i + 1];
      const weight = Math.max(0, next !== undefined ? next : p.endTime - at);
      const frames = pathOf(id);
      if (!frames || frames.length === 0) {
        idle++;
        return;
      }
      timeline.push({ stack: b.add(frames, weight, opts.labels?.[i] || undefined), at, weight });
    });
  } else {
    // Without samples (some exporters), hit counts stand in, weighted by the mean interval.
    const hits = p.nodes.reduce((n, x) => n + (x.hitCount ?? 0), 0);
    const per = hits ? (p.endTime - p.startTime) / hits : 1;
    for (const n of p.nodes) {
      const frames = n.hitCount ? pathOf(n.id) : null;
      if (frames?.length) b.add(frames, (n.hitCount ?? 0) * per);
    }
  }
  // Stack indexes in the timeline refer to the builder's list; build() drops empty stacks, so keep them.
  return {
    unit: 'microseconds',
    frames: b.frames,
    stacks: b.stacks,
    timeline: timeline.length ? timeline : undefined,
    startedAt: p.startTime,
    durationUs: p.endTime - p.startTime,
    samples: samples.length ? timeline.length : undefined,
    idleSamples: samples.length ? idle : undefined,
  };
}

export const totalOf = (p: Profile) => p.stacks.reduce((n, s) => n + s.value, 0);

/** Merges profiles of one unit into one (frames re-interned, values added). */
export function mergeProfiles(profiles: readonly Profile[], unit?: ProfileUnit): Profile {
  const b = new ProfileBuilder(unit ?? profiles[0]?.unit ?? 'microseconds');
  let samples = 0;
  let durationUs = 0;
  for (const p of profiles) {
    const map = p.frames.map((f) => b.frame(f));
    for (const s of p.stacks)
      b.add(
        s.frames.map((f) => map[f] as number),
        s.value,
        s.label,
      );
    samples += p.samples ?? 0;
    durationUs += p.durationUs ?? 0;
  }
  return b.build({ samples: samples || undefined, durationUs: durationUs || undefined });
}

/** Only the stacks with this label (a route or job). */
export function withLabel(p: Profile, label: string): Profile {
  return { ...p, stacks: p.stacks.filter((s) => s.label === label), timeline: undefined };
}

/** Value per label, largest first (unlabelled stacks under '(unattributed)'). */
export function labelTotals(p: Profile): { label: string; value: number }[] {
  const m = new Map<string, number>();
  for (const s of p.stacks) m.set(s.label ?? '(unattributed)', (m.get(s.label ?? '(unattributed)') ?? 0) + s.value);
  return [...m].map(([label, value]) => ({ label, value })).sort((a, b) => b.value - a.value);
}

/**
 * Labels a V8 profile's samples by the work running when each was taken: a sample inside exactly
 * one recorded span (a request's route or a job) gets its name; inside several, '(concurrent)'.
 * Span times are in the profile's clock (µs, monotonic, as process.hrtime).
 */
export function labelBySpans(
  p: V8CpuProfile,
  spans: readonly { start: number; end: number; label: string }[],
): string[] {
  const samples = p.samples ?? [];
  const out: string[] = new Array(samples.length).fill('');
  if (!spans.length) return out;
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let at = p.startTime;
  for (let i = 0; i < samples.length; i++) {
    at += p.timeDeltas?.[i] ?? 0;
    let hit = '';
    // Spans are short and few per second; a binary search bounds the scan to those started before `at`.
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] as { start: number }).start <= at) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo - 1; k >= 0 && k >= lo - 64; k--) {
      const s = sorted[k] as { start: number; end: number; label: string };
      if (s.end < at) continue;
      if (hit && hit !== s.label) {
        hit = '(concurrent)';
        break;
      }
      hit = s.label;
    }
    out[i] = hit;
  }
  return out;
}

export interface FunctionRow {
  frame: number;
  name: string;
  file: string;
  line: number;
  self: number;
  total: number;
}

/** Self and total value per function (a recursive function's total counts each stack once). */
export function functionTable(p: Profile): FunctionRow[] {
  const self = new Float64Array(p.frames.length);
  const total = new Float64Array(p.frames.length);
  for (const s of p.stacks) {
    const leaf = s.frames[s.frames.length - 1];
    if (leaf !== undefined) self[leaf] = (self[leaf] ?? 0) + s.value;
    for (const f of new Set(s.frames)) total[f] = (total[f] ?? 0) + s.value;
  }
  return p.frames
    .map((f, i) => ({ frame: i, name: f.name, file: f.file, line: f.line, self: self[i] ?? 0, total: total[i] ?? 0 }))
    .filter((r) => r.total > 0)
    .sort((a, b) => b.self - a.self || b.total - a.total);
}

/** Speedscope's sandwich: who calls a function and whom it calls, with the value through each. */
export function callersAndCallees(
  p: Profile,
  frame: number,
): { callers: Map<number, number>; callees: Map<number, number> } {
  const callers = new Map<number, number>();
  const callees = new Map<number, number>();
  for (const s of p.stacks) {
    const seenCaller = new Set<number>();
    const seenCallee = new Set<number>();
    s.frames.forEach((f, i) => {
      if (f !== frame) return;
      const up = s.frames[i - 1];
      const down = s.frames[i + 1];
      if (up !== undefined && !seenCaller.has(up)) {
        seenCaller.add(up);
        callers.set(up, (callers.get(up) ?? 0) + s.value);
      }
      if (down !== undefined && !seenCallee.has(down)) {
        seenCallee.add(down);
        callees.set(down, (callees.get(down) ?? 0) + s.value);
      }
    });
  }
  return { callers, callees };
}

/** The functions with the most self value, for lists and bottleneck cards. */
export function topFunctions(p: Profile, n = 5): { name: string; file: string; line: number; selfPct: number }[] {
  const total = totalOf(p) || 1;
  return functionTable(p)
    .filter((r) => !r.name.startsWith('(') || r.name === '(garbage collector)')
    .slice(0, n)
    .map((r) => ({ name: r.name, file: r.file, line: r.line, selfPct: Math.round((r.self / total) * 1000) / 10 }));
}
