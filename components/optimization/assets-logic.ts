// Pure: sorting the inventory and the variants "optimize" makes for an asset.
import type { Asset } from '@/lib/images/inventory';

export type AssetSortKey = 'src' | 'format' | 'pixels' | 'bytes' | 'variants' | 'saved';

const value = (a: Asset, key: AssetSortKey): number | string => {
  switch (key) {
    case 'src':
      return a.src;
    case 'format':
      return a.format ?? '';
    case 'pixels':
      return (a.width ?? 0) * (a.height ?? 0);
    case 'bytes':
      return a.bytes;
    case 'variants':
      return a.variants;
    case 'saved':
      return a.savedBytes ?? -1;
  }
};

export function sortAssets(list: readonly Asset[], key: AssetSortKey, dir: 'asc' | 'desc'): Asset[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...list].sort((x, y) => {
    const a = value(x, key);
    const b = value(y, key);
    return (a < b ? -1 : a > b ? 1 : 0) * sign;
  });
}

/** Optimizing an asset makes its modern-format variants (WebP and AVIF) at its own size. */
export function optimizeRequests(list: readonly Asset[]): { src: string; options: { format: 'webp' | 'avif' } }[] {
  return list
    .filter((a) => a.format !== null)
    .flatMap((a) => (['webp', 'avif'] as const).map((format) => ({ src: a.src, options: { format } })));
}
