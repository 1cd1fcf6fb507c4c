// The programs a benchmark drives, found on PATH as the shell would find them (without a shell).
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** Debian package per program, for the message that tells an operator what to install. */
export const PROXY_BENCH_TOOLS = { hey: 'hey', wrk: 'wrk', nginx: 'nginx-light' } as const;

export function onPath(program: string, pathVar = process.env.PATH ?? ''): boolean {
  for (const dir of pathVar.split(path.delimiter)) {
    if (!dir) continue;
    try {
      accessSync(path.join(/*turbopackIgnore: true*/ dir, program), constants.X_OK);
      return true;
    } catch {}
  }
  // nginx lives in /usr/sbin, which a service's PATH may leave out.
  for (const dir of ['/usr/sbin', '/usr/local/sbin']) {
    try {
      accessSync(path.join(/*turbopackIgnore: true*/ dir, program), constants.X_OK);
      return true;
    } catch {}
  }
  return false;
}

/** Which of the proxy benchmark's programs are missing, with the packages that bring them. */
export function missingTools(pathVar?: string): { program: string; pkg: string }[] {
  return Object.entries(PROXY_BENCH_TOOLS)
    .filter(([program]) => !onPath(program, pathVar))
    .map(([program, pkg]) => ({ program, pkg }));
}
