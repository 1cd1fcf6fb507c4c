// Pure: the V8 heap limit the server runs with. Node's default on a large machine is a quarter of
// its memory (about 4 GB here), and V8 lets the heap grow toward it before collecting hard, so an
// idle instance would keep gigabytes after a burst. A 1 GB old space keeps RSS bounded under
// overload (bench:overload) with room for the heaviest reports. REDLINE_MAX_HEAP_MB changes it.
export function heapFlag(env: Record<string, string | undefined> = process.env): string {
  const mb = Number(env.REDLINE_MAX_HEAP_MB ?? 1024);
  return `--max-old-space-size=${Number.isInteger(mb) && mb >= 256 ? mb : 1024}`;
}

/**
 * Node's arguments to start the server: TypeScript through tsx's loader in the one process (the
 * `tsx` command would add a launcher process of its own, ~50 MB).
 */
export function serverArgs(extra: readonly string[] = []): string[] {
  return [heapFlag(), '--import', 'tsx', 'server.ts', ...extra];
}
