import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { config, publicUrl } from '@/lib/config';
import { cdnDeleteQuery, cdnGetQuery } from '@/lib/delivery/api-schemas';
import { purgeVariants } from '@/lib/images/purge';
import { deliverySecret } from '@/lib/delivery/secret';
import { signUrl } from '@/lib/delivery/signing';
import { loadSource } from '@/lib/images/service';

// GET /api/optimization/cdn?action=config|url – seed 000 CDN API (signed, content-versioned URLs)
export const GET = route({ role: 'viewer', query: cdnGetQuery }, async ({ query: q }) => {
  const env = config();
  if (q.action === 'config') {
    return { enabled: env.CDN_ENABLED, provider: env.CDN_PROVIDER, baseUrl: env.CDN_BASE_URL ?? null, regions: env.CDN_REGIONS.split(',').map((r) => r.trim()).filter(Boolean), cacheHeaders: { images: env.CDN_CACHE_HEADERS_IMAGES, css: env.CDN_CACHE_HEADERS_CSS, js: env.CDN_CACHE_HEADERS_JS }, compression: env.CDN_COMPRESSION, preload: env.CDN_PRELOAD, deliveryUrlTtlMs: env.DELIVERY_URL_TTL };
  }
  if (!q.path) throw new ApiError('validation_failed', 'action=url needs path', { path: 'required' });
  const source = await loadSource(q.path); // confined and checked like optimize; 404 when missing
  const params: Record<string, string> = { v: source.hash.slice(0, 16) };
  if (q.width) params.w = String(q.width);
  if (q.height) params.h = String(q.height);
  if (q.fit) params.fit = q.fit;
  if (q.quality) params.q = String(q.quality);
  params.f = q.format ?? 'auto';
  const expiresAt = Math.floor(Date.now() / 1000) + (q.ttl ?? Math.floor(env.DELIVERY_URL_TTL / 1000));
  const url = signUrl(deliverySecret(), { src: q.path, params, expiresAt, clientIp: q.bindIp });
  const base = (env.CDN_ENABLED && env.CDN_BASE_URL) || publicUrl();
  return { path: q.path, url, absoluteUrl: new URL(url, base).toString(), expiresAt: new Date(expiresAt * 1000).toISOString(), version: params.v, boundTo: q.bindIp ?? null };
});

// DELETE /api/optimization/cdn?type=path|prefix|all&path= – purge cached variants (operator), on every instance
export const DELETE = route({ role: 'operator', query: cdnDeleteQuery, action: 'cdn.purge' }, async ({ query: q }) => {
  const purged = await purgeVariants(q.type, q.path);
  return { type: q.type, path: q.path ?? null, ...purged };
});
