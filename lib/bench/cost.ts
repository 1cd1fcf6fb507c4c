// Pure: a CPU profile of Redline under one load, split by the part of the code that spent it. Each
// sample goes to the innermost frame of Redline's own code (lib/<domain>, server.ts, app/) — so a
// statement run for tracing counts as tracing, Prisma's time under it included — and samples
// with no Redline frame go to the library or runtime they ran in (Next.js, node internals, GC).
import type { Profile } from '../profiling/model';

export interface FrameSource {
  /** the TypeScript source the frame maps to ('' when unknown), project-relative */
  source: string;
  /** the built file or URL as the profile names it */
  file: string;
  name: string;
}

/** The Redline part a source belongs to (`lib/tracing/self.ts` → `tracing`), or null for other code. */
export function partOf(source: string): string | null {
  const s = source.replace(/^\.?\//, '');
  if (s === 'server.ts') return 'server.ts';
  if (s.startsWith('app/')) return 'route handlers';
  const m = /^lib\/([^/]+)\//.exec(s);
  if (!m) return null;
  const domain = m[1] as string;
  // The files of lib/server differ in kind: name them.
  if (domain === 'server') return `server/${s.slice('lib/server/'.length).replace(/\.ts$/, '')}`;
  return domain;
}

/** Where a sample with no Redline frame ran. */
export function outsideOf(f: FrameSource): string {
  if (f.name === '(garbage collector)') return 'GC';
  if (f.name === '(program)' || f.name === '(root)') return 'runtime (program)';
  const p = f.source || f.file;
  if (p.includes('next/dist') || p.includes('/.next/') || p.includes('node_modules/next/')) return 'Next.js';
  if (p.includes('@prisma') || p.includes('prisma')) return 'Prisma';
  if (p.startsWith('node:') || (!p && f.name)) return 'Node.js and native';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p);
  return nm ? (nm[1] as string) : 'other';
}

/** Microseconds per part over the profile's stacks (idle is not in a profile's stacks). */
export function costByPart(profile: Profile, sourceOf: (frameIndex: number) => FrameSource): Map<string, number> {
  const out = new Map<string, number>();
  const memo = new Map<number, { part: string | null; where: FrameSource }>();
  const look = (i: number) => {
    let v = memo.get(i);
    if (!v) {
      const where = sourceOf(i);
      v = { part: partOf(where.source), where };
      memo.set(i, v);
    }
    return v;
  };
  for (const stack of profile.stacks) {
    let part: string | null = null;
    for (let k = stack.frames.length - 1; k >= 0 && !part; k--) part = look(stack.frames[k] as number).part;
    const leaf = stack.frames[stack.frames.length - 1];
    const key = part ?? (leaf === undefined ? 'other' : outsideOf(look(leaf).where));
    out.set(key, (out.get(key) ?? 0) + stack.value);
  }
  return out;
}
