// Leak triage from three heap snapshots of one target: the grouping (pure) and the child process
// that parses the snapshots (leak-worker.ts).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ApiError } from '../api/errors';
import { getProfileRow, profilesDir } from './store';

export interface LeakNode {
  name: string;
  type: string;
  self: number;
  retained: number;
  path: string[];
}

export type LeakHint = 'listener' | 'closure' | 'timer' | 'collection';

export interface LeakGroup {
  name: string;
  type: string;
  count: number;
  selfBytes: number;
  /** the largest retained size of one member */
  retainedBytes: number;
  path: string[];
  hints: LeakHint[];
}

export interface LeakReport {
  heapObjects: number;
  leakedObjects: number;
  leakedBytes: number;
  groups: LeakGroup[];
}

const HINTS: [LeakHint, RegExp][] = [
  ['listener', /_events|listeners|EventEmitter|addEventListener|\.on\b/i],
  ['timer', /Timeout|Timer|setInterval|_idlePrev|_onTimeout/],
  ['collection', /^(Map|Set|WeakMap|Array|Object)\b|table|\(object elements\)|\[\d+\]/],
];

/** Pure: leaked objects grouped by constructor (type + name), largest first, with a typical path. */
export function groupLeaks(nodes: readonly LeakNode[], heapObjects: number): LeakReport {
  const groups = new Map<string, LeakGroup>();
  let leakedBytes = 0;
  for (const n of nodes) {
    leakedBytes += n.self;
    // Strings are named by their content in a snapshot: one group for all of them.
    const name = n.type === 'string' ? '(string)' : n.name || `(${n.type})`;
    const key = `${n.type}\u0000${name}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        name,
        type: n.type,
        count: 0,
        selfBytes: 0,
        retainedBytes: 0,
        path: n.path,
        hints: [],
      };
      groups.set(key, g);
    }
    g.count++;
    g.selfBytes += n.self;
    if (n.retained > g.retainedBytes) {
      g.retainedBytes = n.retained;
      g.path = n.path;
    }
  }
  const out = [...groups.values()]
    .filter((g) => g.count >= 2 || g.selfBytes >= 1_024)
    .sort((a, b) => b.selfBytes - a.selfBytes)
    .slice(0, 50);
  for (const g of out) {
    // What holds the objects directly: the last few edges of the path from the root.
    const text = g.path.slice(-3).join(' ');
    if (g.type === 'closure') g.hints.push('closure');
    for (const [hint, re] of HINTS) if (re.test(text) && !g.hints.includes(hint)) g.hints.push(hint);
  }
  return { heapObjects, leakedObjects: nodes.length, leakedBytes, groups: out };
}

const run = promisify(execFile);

/** Triage from three snapshot ids of the same target, oldest first. */
export async function triageLeaks(ids: readonly [string, string, string]): Promise<LeakReport & { target: string }> {
  const rows = await Promise.all(ids.map((id) => getProfileRow(id)));
  if (rows.some((r) => r?.kind !== 'heap-snapshot' || r.status !== 'complete' || !r.file))
    throw new ApiError('unprocessable', 'Leak triage takes three complete heap snapshots');
  const [a, b, c] = rows as NonNullable<(typeof rows)[number]>[];
  if (!a || !b || !c) throw new ApiError('unprocessable', 'Leak triage takes three heap snapshots');
  if (new Set([a.target, b.target, c.target]).size !== 1)
    throw new ApiError('unprocessable', 'The three snapshots must be of the same target');
  const ordered = [a, b, c].sort((x, y) => x.startedAt.getTime() - y.startedAt.getTime());
  const files = ordered.map((r) => path.join(/*turbopackIgnore: true*/ profilesDir(), path.basename(r.file as string)));
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', path.resolve('lib/profiling/leak-worker.ts'), ...files],
    {
      cwd: process.cwd(),
      maxBuffer: 64 * 1024 * 1024,
      timeout: 10 * 60_000,
    },
  );
  return { ...(JSON.parse(stdout) as LeakReport), target: a.target };
}
