// Pure: the V8 heap limit the server runs with. Node's default on a large machine is a quarter of
// its memory (about 4 GB here), and V8 lets the heap grow toward it before collecting hard, so an
// idle instance would keep gigabytes after a burst. A 1 GB old space keeps RSS bounded under
// overload (bench:overload) with room for the heaviest reports. REDLINE_MAX_HEAP_MB changes it.
export function heapFlag(env: Record<string, string | undefined> = process.env): string {
  const mb = Number(env.REDLINE_MAX_HEAP_MB ?? 1024);
  return `--max-old-space-size=${Number.isInteger(mb) && mb >= 256 ? mb : 1024}`;
}

/**
 * The environment `npm start` adds: glibc gives each thread that allocates its own malloc arena (up to
 * 8 per core), and a server with a dozen threads kept ~100 MB more after a burst (bench:overload).
 */
export function serverEnv(env: Record<string, string | undefined> = process.env): Record<string, string> {
  return { MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? '2' };
}

/**
 * Node's arguments to start the server: TypeScript through tsx's loader in the one process (the
 * `tsx` command would add a launcher process of its own, ~50 MB).
 */
export function serverArgs(extra: readonly string[] = []): string[] {
  return [heapFlag(), '--import', 'tsx', 'server.ts', ...extra];
}
