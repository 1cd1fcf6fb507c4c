// Pure: the bounds an uploaded profile is read within. Every reader checks its counts against them
// before it allocates in proportion, so a small upload cannot make a large amount of work.

export class FormatError extends Error {}

export interface ImportLimits {
  /** bytes after gzip is undone */
  maxInflatedBytes: number;
  /** nodes (.cpuprofile, .heapprofile), frames (speedscope) or functions and locations (pprof) */
  maxNodes: number;
  /** frames in one stack */
  maxDepth: number;
  /** samples, weighted stacks, folded lines or speedscope events */
  maxSamples: number;
  /** frames over every stack the reader builds: what reading costs in time and memory */
  maxFrameRefs: number;
}

export const IMPORT_LIMITS: ImportLimits = {
  maxInflatedBytes: 64 * 1024 * 1024,
  maxNodes: 500_000,
  maxDepth: 1_024,
  maxSamples: 5_000_000,
  maxFrameRefs: 20_000_000,
};

/** Counts what a reader builds and stops it, with a reason, past the limits. */
export class ReadBudget {
  private refs = 0;

  constructor(readonly limits: ImportLimits) {}

  /** A stack of `depth` frames is about to be built. */
  stack(depth: number): void {
    if (depth > this.limits.maxDepth)
      throw new FormatError(`a stack is deeper than ${this.limits.maxDepth} frames, the most Redline reads`);
    this.refs += depth;
    if (this.refs > this.limits.maxFrameRefs)
      throw new FormatError(`the stacks hold more than ${this.limits.maxFrameRefs} frames in all`);
  }

  count(what: string, n: number, max: number): void {
    if (n > max) throw new FormatError(`${n} ${what}; at most ${max} are read`);
  }
}

/** A zod failure as one line: where and what. */
export function zodReason(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  const first = issues[0];
  if (!first) return 'invalid';
  const where = first.path.map(String).join('.');
  return where ? `${where}: ${first.message}` : first.message;
}
