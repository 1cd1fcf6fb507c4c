// Pure: the Node.js versions Redline runs on. `process.getBuiltinModule` (the proxy's parser, the
// writer's worker thread) arrived in 20.16.
export const MIN_NODE = { major: 20, minor: 16 } as const;

/** Why this Node cannot run Redline, or undefined when it can. */
export function nodeVersionProblem(version: string): string | undefined {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  if (major > MIN_NODE.major || (major === MIN_NODE.major && minor >= MIN_NODE.minor)) return undefined;
  return `Redline needs Node.js ${MIN_NODE.major}.${MIN_NODE.minor} or newer; this is ${version}. Install a newer Node (for example from https://nodejs.org) and run npm start again.`;
}
