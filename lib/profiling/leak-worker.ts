// Leak triage in a process of its own (parsing a snapshot takes seconds and its size in memory):
// `node --import tsx lib/profiling/leak-worker.ts <first> <second> <third>` prints a LeakReport as
// JSON. Objects allocated between the first and second snapshots that are still alive in the
// third are the leak candidates (memlab's method), grouped by constructor with their shortest
// retainer path from a GC root.
import memlab, { type IHeapEdge, type IHeapNode } from '@memlab/core';
import { groupLeaks, type LeakNode } from './leaks';

const { utils, analysis, config } = memlab;
config.muteConsole = true;

const [first, second, third] = process.argv.slice(2);
if (!first || !second || !third) {
  console.error('usage: leak-worker <first.heapsnapshot> <second> <third>');
  process.exit(2);
}
const before = await utils.getSnapshotNodeIdsFromFile(first, {});
const after = await utils.getSnapshotNodeIdsFromFile(third, {});
const target = await utils.getSnapshotFromFile(second, { buildNodeIdIndex: true });
analysis.preparePathFinder(target); // shortest paths from GC roots and retained sizes
// Module state: this file runs as a child process of its own.
const leaked: LeakNode[] = [];
target.nodes.forEach((n) => {
  if (before.has(n.id) || !after.has(n.id)) return;
  if (!['object', 'closure', 'array', 'string', 'regexp', 'native'].includes(n.type)) return;
  const path: string[] = [];
  let cur: IHeapNode | null = n;
  for (let hops = 0; cur?.pathEdge && hops < 12; hops++) {
    const e: IHeapEdge = cur.pathEdge;
    path.unshift(`${e.fromNode.name}${e.type === 'element' ? `[${e.name_or_index}]` : `.${e.name_or_index}`}`);
    cur = e.fromNode;
  }
  leaked.push({ name: n.name, type: n.type, self: n.self_size, retained: n.retainedSize, path });
});
process.stdout.write(JSON.stringify(groupLeaks(leaked, target.nodes.length)));
