// What operators say about assets: tags (purge by tag; sent as Cache-Tag / Surrogate-Key with
// each delivery) and "critical" (listed in the preload Link header). The delivery listener reads
// a process-local snapshot, refreshed when any instance changes it (pub/sub) and every 30 s.
import { z } from 'zod';
import { db } from '../db';
import { runAs } from '../observability/context';
import { store } from '../redis';
import { follow } from '../redis/follow';
import { peek, put, slot } from '../process/registry';

/** tags and critical marks, for the delivery listener */
export const ASSET_META = slot<Map<string, AssetMetaView>>('assetMeta');

export const META_CHANNEL = 'assets:meta';
/** Tags are the operator's: `rl-` is Redline's own prefix (per-source and everything tags). */
export const tagSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/,
    "a tag is 1–64 letters, digits, '_', '.' or '-', starting with a letter or digit",
  )
  .refine((t) => !t.toLowerCase().startsWith('rl-'), "tags starting with 'rl-' are Redline's own");

export const assetMetaBody = z.strictObject({
  src: z.string().min(1).max(2_048).startsWith('/', 'src is a path starting with /'),
  tags: z.array(tagSchema).max(10, 'at most 10 tags per asset').optional(),
  critical: z.boolean().optional(),
});

export interface AssetMetaView {
  tags: string[];
  critical: boolean;
}

/** Pure: tags as stored – delimited on both sides so `contains ',hero,'` matches a whole tag. */
export const encodeTags = (tags: readonly string[]): string => (tags.length ? `,${[...new Set(tags)].join(',')},` : '');
export const decodeTags = (stored: string): string[] => stored.split(',').filter(Boolean);

export function assetMeta(src: string): AssetMetaView | undefined {
  return peek(ASSET_META)?.get(src);
}

export async function refreshAssetMeta(): Promise<Map<string, AssetMetaView>> {
  const rows = await runAs({ route: '(assets)', internal: true }, () => db().assetMeta.findMany());
  const meta = new Map(rows.map((r) => [r.path, { tags: decodeTags(r.tags), critical: r.critical }]));
  put(ASSET_META, meta);
  return meta;
}

export async function setAssetMeta(input: z.infer<typeof assetMetaBody>, by: string): Promise<AssetMetaView> {
  const data = {
    ...(input.tags ? { tags: encodeTags(input.tags) } : {}),
    ...(input.critical !== undefined ? { critical: input.critical } : {}),
    updatedBy: by,
  };
  const row = await db().assetMeta.upsert({
    where: { path: input.src },
    create: { path: input.src, ...data },
    update: data,
  });
  await refreshAssetMeta();
  await store()
    .publish(META_CHANNEL, input.src)
    .catch(() => undefined);
  return { tags: decodeTags(row.tags), critical: row.critical };
}

/** Sources carrying a tag. */
export async function sourcesTagged(tag: string): Promise<string[]> {
  const rows = await db().assetMeta.findMany({ where: { tags: { contains: `,${tag},` } }, select: { path: true } });
  return rows.map((r) => r.path);
}

export async function criticalAssets(): Promise<string[]> {
  const rows = await db().assetMeta.findMany({
    where: { critical: true },
    orderBy: { path: 'asc' },
    select: { path: true },
  });
  return rows.map((r) => r.path);
}

/** Keeps this process's snapshot current; returns a stop function. */
export function followAssetMeta(): Promise<() => Promise<void>> {
  return follow(META_CHANNEL, refreshAssetMeta);
}
