// Invalidation of cached variants by source path, prefix or everything. Each instance keeps its
// variants on its own disk, so the keys to drop are published and every instance (this one too)
// drops them; the variant records go from the shared database once.
import { purgeEdge } from '../cdn';
import { db } from '../db';
import { store } from '../redis';
import { sourcesTagged } from './asset-meta';
import { variantCache } from './service';

export const PURGE_CHANNEL = 'images:purge';
export const PURGE_TYPES = ['path', 'prefix', 'tag', 'all'] as const;
export type PurgeType = (typeof PURGE_TYPES)[number];

export async function purgeVariants(
  type: PurgeType,
  target: string | undefined,
): Promise<{ variants: number; sources: number; edge: 'none' | 'queued' | 'sent' | 'failed' }> {
  // A tag names the sources an operator tagged (Assets tab); the rest name paths.
  const tagged = type === 'tag' ? await sourcesTagged(target as string) : [];
  const where =
    type === 'all'
      ? {}
      : type === 'path'
        ? { source: target }
        : type === 'tag'
          ? { source: { in: tagged } }
          : { source: { startsWith: target } };
  const rows = await db().imageVariant.findMany({ where, select: { key: true, source: true } });
  const keys = rows.map((r) => r.key);
  // By key, in slices (bound-parameter limits), so a variant made meanwhile keeps its record.
  for (let i = 0; i < keys.length; i += 500)
    await db().imageVariant.deleteMany({ where: { key: { in: keys.slice(i, i + 500) } } });
  // Local first (answers reflect it at once), then every instance through the store.
  await variantCache().invalidate(keys);
  await store()
    .publish(PURGE_CHANNEL, JSON.stringify(keys))
    .catch(() => undefined);
  const sources = [...new Set([...rows.map((r) => r.source), ...tagged])];
  // The edge too, when a provider is configured: queued within its rate limit, not awaited.
  const edge = purgeEdge(type === 'tag' ? { type, tag: target, sources } : { type, path: target, sources });
  void edge.catch((e: Error) => console.error(`[cdn] purge failed: ${e.message}`));
  return {
    variants: keys.length,
    sources: sources.length,
    edge: await Promise.race([
      edge.then((r) => (r ? 'sent' : 'none')),
      new Promise<'queued'>((r) => setTimeout(() => r('queued'), 50)),
    ]).catch(() => 'failed' as const),
  };
}

/** Every instance drops the keys another one purged; returns a stop function. */
export async function followPurges(): Promise<() => Promise<void>> {
  return store().subscribe(PURGE_CHANNEL, (raw) => {
    let keys: unknown;
    try {
      keys = JSON.parse(raw);
    } catch {
      return;
    }
    if (Array.isArray(keys))
      void variantCache().invalidate(
        keys.filter((k): k is string => typeof k === 'string' && /^[0-9a-f]{64}$/.test(k)),
      );
  });
}
