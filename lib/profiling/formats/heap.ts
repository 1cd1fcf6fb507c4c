// Pure: V8's sampling heap profile (.heapprofile: Chrome DevTools' allocation sampling, Node's
// --heap-prof) read from an upload. The tree is walked with an explicit stack, never recursion, so
// its depth is a checked limit rather than the call stack's.
import { z } from 'zod';
import { type Profile, ProfileBuilder } from '../model';
import { FormatError, type ReadBudget, zodReason } from './limits';

const nodeSchema = z.object({
  callFrame: z.object({
    functionName: z.string().max(4_096),
    url: z.string().max(4_096),
    lineNumber: z.number().int(),
    columnNumber: z.number().int(),
  }),
  selfSize: z.number().nonnegative(),
  id: z.number().int().optional(),
  children: z.array(z.unknown()),
});

export const looksHeapProfile = (json: Record<string, unknown>): boolean =>
  typeof json.head === 'object' && json.head !== null;

export function readHeapProfile(json: unknown, budget: ReadBudget): Profile {
  const b = new ProfileBuilder('bytes');
  const todo: { node: unknown; path: number[] }[] = [{ node: (json as { head: unknown }).head, path: [] }];
  let nodes = 0;
  while (todo.length) {
    const { node, path } = todo.pop() as { node: unknown; path: number[] };
    budget.count('nodes', ++nodes, budget.limits.maxNodes);
    const parsed = nodeSchema.safeParse(node);
    if (!parsed.success) throw new FormatError(`not a valid .heapprofile: ${zodReason(parsed.error.issues)}`);
    const n = parsed.data;
    const isRoot = path.length === 0 && n.callFrame.functionName === '(root)' && nodes === 1;
    const here = isRoot
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
    budget.stack(here.length);
    if (n.selfSize > 0 && here.length) b.add(here, n.selfSize);
    for (const c of n.children) todo.push({ node: c, path: here });
  }
  return b.build();
}
