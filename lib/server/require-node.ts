// The first import of server.ts: stops start-up on a Node too old to run the rest, before any of
// it is loaded (ES modules evaluate their imports in order).
import { nodeVersionProblem } from './node-version.ts';

const problem = nodeVersionProblem(process.version);
if (problem) {
  console.error(`[start] ${problem}`);
  process.exit(1);
}
