// Pure: V8 .cpuprofile (Chrome DevTools, Node's --cpu-prof, the inspector) in and out. An upload is
// checked whole before it is read: types, unique ids, every child once under one parent, no cycle,
// depth, samples that name nodes, and the frames its stacks would hold.
import { z } from 'zod';
import { type Frame, fromV8CpuProfile, type Profile, type V8CpuProfile } from '../model';
import { FormatError, type ReadBudget, zodReason } from './limits';

const int = z.number().int();
const cpuProfileSchema = z.object({
  nodes: z
    .array(
      z.object({
        id: int,
        callFrame: z.object({
          functionName: z.string().max(4_096),
          scriptId: z.union([z.string().max(64), int]).optional(),
          url: z.string().max(4_096),
          lineNumber: int,
          columnNumber: int,
        }),
        hitCount: int.nonnegative().optional(),
        children: z.array(int).optional(),
      }),
    )
    .min(1),
  startTime: z.number(),
  endTime: z.number(),
  samples: z.array(int).optional(),
  timeDeltas: z.array(z.number()).optional(),
});

/** Does this JSON look like a .cpuprofile (so its errors are reported as one)? */
export const looksV8 = (json: Record<string, unknown>): boolean => Array.isArray(json.nodes);

export function readV8CpuProfile(json: unknown, budget: ReadBudget): Profile {
  const raw = json as { nodes?: unknown[]; samples?: unknown[]; timeDeltas?: unknown[] };
  // Lengths first: the schema would otherwise walk every element of an oversized array.
  budget.count('nodes', raw.nodes?.length ?? 0, budget.limits.maxNodes);
  budget.count('samples', raw.samples?.length ?? 0, budget.limits.maxSamples);
  const parsed = cpuProfileSchema.safeParse(json);
  if (!parsed.success) throw new FormatError(`not a valid .cpuprofile: ${zodReason(parsed.error.issues)}`);
  const p = parsed.data;
  if (p.endTime < p.startTime) throw new FormatError('endTime is before startTime');
  if (p.timeDeltas && p.samples && p.timeDeltas.length !== p.samples.length)
    throw new FormatError('samples and timeDeltas differ in length');
  if (p.timeDeltas && !p.samples) throw new FormatError('timeDeltas without samples');
  const depth = treeDepths(p.nodes, budget);
  // What reading builds: one stack per distinct sampled node, as deep as that node.
  const sampled = p.samples ? new Set(p.samples) : new Set(p.nodes.filter((n) => n.hitCount).map((n) => n.id));
  for (const id of sampled) {
    const d = depth.get(id);
    if (d === undefined) throw new FormatError(`a sample names node ${id}, which is not in the profile`);
    budget.stack(d);
  }
  return fromV8CpuProfile(p as V8CpuProfile);
}

/** Each node's depth, after checking the nodes form a forest (throws FormatError otherwise). */
function treeDepths(nodes: readonly { id: number; children?: number[] }[], budget: ReadBudget): Map<number, number> {
  const byId = new Map<number, { id: number; children?: number[] }>();
  for (const n of nodes) {
    if (byId.has(n.id)) throw new FormatError(`node id ${n.id} is used twice`);
    byId.set(n.id, n);
  }
  const parent = new Map<number, number>();
  for (const n of nodes)
    for (const c of n.children ?? []) {
      if (c === n.id) throw new FormatError(`node ${c} lists itself as its child`);
      if (!byId.has(c)) throw new FormatError(`node ${n.id} lists child ${c}, which is not in the profile`);
      const other = parent.get(c);
      if (other !== undefined) throw new FormatError(`node ${c} is a child of both ${other} and ${n.id}`);
      parent.set(c, n.id);
    }
  const depth = new Map<number, number>();
  const queue: number[] = [];
  for (const n of nodes)
    if (!parent.has(n.id)) {
      depth.set(n.id, 0);
      queue.push(n.id);
    }
  // Breadth first from the roots: a node never reached sits on a cycle.
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as number;
    const d = (depth.get(id) as number) + 1;
    if (d > budget.limits.maxDepth + 1)
      throw new FormatError(`the call tree is deeper than ${budget.limits.maxDepth} frames`);
    for (const c of byId.get(id)?.children ?? []) {
      depth.set(c, d);
      queue.push(c);
    }
  }
  if (depth.size < nodes.length) {
    const stuck = nodes.find((n) => !depth.has(n.id));
    throw new FormatError(`node ${stuck?.id} is on a cycle of children`);
  }
  return depth;
}

/**
 * A .cpuprofile DevTools opens: one node per distinct stack prefix. With a timeline the samples
 * replay it, each lasting its own weight (so the file's times add up to the profile's total, the
 * same as every other export; idle time, dropped from the model, is not in them); without one,
 * each stack's value is spread as samples of a nominal interval.
 */
export function toV8CpuProfile(p: Profile, intervalUs = 1_000): V8CpuProfile {
  const nodes: V8CpuProfile['nodes'] = [
    {
      id: 1,
      callFrame: { functionName: '(root)', scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 },
      hitCount: 0,
      children: [],
    },
  ];
  const childOf = new Map<string, number>();
  const nodeOfStack: number[] = [];
  for (const s of p.stacks) {
    let parent = 1;
    for (const f of s.frames) {
      const key = `${parent}:${f}`;
      let id = childOf.get(key);
      if (id === undefined) {
        const fr = p.frames[f] as Frame;
        id = nodes.length + 1;
        nodes.push({
          id,
          callFrame: {
            functionName: fr.name,
            scriptId: '0',
            url: fr.file,
            lineNumber: fr.line - 1,
            columnNumber: fr.col - 1,
          },
          hitCount: 0,
          children: [],
        });
        nodes[parent - 1]?.children?.push(id);
        childOf.set(key, id);
      }
      parent = id;
    }
    nodeOfStack.push(parent);
  }
  const samples: number[] = [];
  const weights: number[] = [];
  if (p.timeline?.length) {
    for (const t of p.timeline) {
      const id = nodeOfStack[t.stack];
      if (id === undefined) continue;
      samples.push(id);
      weights.push(t.weight);
    }
  } else {
    p.stacks.forEach((s, i) => {
      const n = Math.max(1, Math.round(s.value / intervalUs));
      for (let k = 0; k < n; k++) {
        samples.push(nodeOfStack[i] as number);
        weights.push(s.value / n);
      }
    });
  }
  for (const id of samples) {
    const n = nodes[id - 1];
    if (n) n.hitCount = (n.hitCount ?? 0) + 1;
  }
  // V8's delta i is the time from sample i−1 to sample i: sample i lasts delta i+1, the last one
  // until endTime.
  const start = p.startedAt ?? 0;
  const timeDeltas = weights.map((_, i) => (i === 0 ? 0 : (weights[i - 1] as number)));
  const end = start + weights.reduce((a, b) => a + b, 0);
  return { nodes, startTime: start, endTime: end, samples, timeDeltas };
}
