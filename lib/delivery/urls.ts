// Signed delivery URLs for the CDN API's action=url: images carry their transform, text assets
// only their version; both name the content they were made for (v = its hash prefix).
import type { z } from 'zod';
import { config, publicUrl } from '../config';
import { providerSetup } from '../cdn';
import { criticalAssets } from '../images/asset-meta';
import { loadSource, sourceError } from '../images/service';
import type { cdnGetQuery } from '../compat/optimization-cdn';
import { deliverySecret } from './secret';
import { signUrl } from './signing';
import { isTextAsset, loadTextAsset } from './text-assets';

export type UrlRequest = Pick<
  z.infer<typeof cdnGetQuery>,
  'width' | 'height' | 'fit' | 'quality' | 'format' | 'ttl' | 'bindIp'
> & { path: string };

export async function deliveryUrl(q: UrlRequest) {
  const env = config();
  const text = isTextAsset(q.path);
  // Confined and checked like optimize; 404 when missing.
  const hash = text ? await loadTextAsset(q.path).then((a) => a.hash, sourceError) : (await loadSource(q.path)).hash;
  const params: Record<string, string> = { v: hash.slice(0, 16) };
  if (!text) {
    if (q.width) params.w = String(q.width);
    if (q.height) params.h = String(q.height);
    if (q.fit) params.fit = q.fit;
    if (q.quality) params.q = String(q.quality);
    params.f = q.format ?? 'auto';
  }
  const expiresAt = Math.floor(Date.now() / 1000) + (q.ttl ?? Math.floor(env.DELIVERY_URL_TTL / 1000));
  const url = signUrl(deliverySecret(), { src: q.path, params, expiresAt, clientIp: q.bindIp });
  const base = (env.CDN_ENABLED && env.CDN_BASE_URL) || publicUrl();
  return {
    path: q.path,
    url,
    absoluteUrl: new URL(url, base).toString(),
    expiresAt: new Date(expiresAt * 1000).toISOString(),
    version: params.v,
    boundTo: q.bindIp ?? null,
  };
}

/** `Link: rel=preload` for the assets marked critical: signed delivery URLs with their `as`. */
export async function preloadLinks() {
  const links: { path: string; url: string; as: string }[] = [];
  for (const path of await criticalAssets()) {
    const u = await deliveryUrl({ path }).catch(() => null); // a critical asset since deleted is left out
    if (u) links.push({ path, url: u.url, as: preloadAs(path) });
  }
  return {
    links,
    header: links.map((l) => `<${l.url}>; rel=preload; as=${l.as}${l.as === 'font' ? '; crossorigin' : ''}`).join(', '),
  };
}

/** Pure: the `as` of a preload by file type. */
export function preloadAs(path: string): string {
  if (/\.css$/i.test(path)) return 'style';
  if (/\.m?js$/i.test(path)) return 'script';
  if (/\.(woff2?|ttf|otf)$/i.test(path)) return 'font';
  if (/\.(json|xml|txt)$/i.test(path)) return 'fetch';
  return 'image';
}

export function cdnConfig() {
  const env = config();
  return {
    enabled: env.CDN_ENABLED,
    provider: providerSetup(),
    baseUrl: env.CDN_BASE_URL ?? null,
    regions: env.CDN_REGIONS.split(',')
      .map((r) => r.trim())
      .filter(Boolean),
    cacheHeaders: {
      images: env.CDN_CACHE_HEADERS_IMAGES,
      css: env.CDN_CACHE_HEADERS_CSS,
      js: env.CDN_CACHE_HEADERS_JS,
    },
    compression: env.CDN_COMPRESSION,
    preload: env.CDN_PRELOAD,
    deliveryUrlTtlMs: env.DELIVERY_URL_TTL,
  };
}
