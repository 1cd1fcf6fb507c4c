// Pure: canary and blue/green traffic splitting. Backends belong to a pool; the split gives each
// pool a weight, and a request goes to a pool with that probability – among the pools that have
// a backend to take it (a pool with none left gives its share to the others).

export function pickPool<T extends { spec: { pool: string } }>(
  backends: readonly T[],
  split: Record<string, number> | null,
  random: number,
): T[] {
  if (!split) return [...backends];
  const pools = new Map<string, T[]>();
  for (const b of backends) {
    if (!((split[b.spec.pool] ?? 0) > 0)) continue;
    const list = pools.get(b.spec.pool) ?? [];
    list.push(b);
    pools.set(b.spec.pool, list);
  }
  if (!pools.size) return [...backends]; // nothing weighted is up: better any backend than none
  const total = [...pools.keys()].reduce((n, p) => n + (split[p] ?? 0), 0);
  let r = random * total;
  for (const [pool, list] of pools) {
    r -= split[pool] ?? 0;
    if (r < 0) return list;
  }
  return [...pools.values()].at(-1) ?? [];
}
