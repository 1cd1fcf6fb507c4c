// The configured CDN provider: what a local purge becomes at the edge, sent through the
// provider's rate-limited queue. Delivery responses carry the tags these purges name.
import { createHash } from 'node:crypto';
import { config } from '../config';
import { CLOUDFLARE_LIMITS, cloudflareRequests, fastlyRequests, type ProviderRequest, type PurgeOp, readCloudflare, readFastly } from './providers';
import { cloudfrontSender, type InvalidationRequest, invalidationPaths } from './cloudfront';
import { httpSender, type PurgeRecord, PurgeQueue } from './purge-queue';

/** The tag of everything delivered from one source path (Cache-Tag / Surrogate-Key). */
export function sourceTag(src: string): string {
  return `rl-${createHash('sha1').update(src).digest('hex').slice(0, 20)}`;
}
export const ALL_TAG = 'rl-delivery';

const slot = globalThis as typeof globalThis & { __redlineCdnQueue?: PurgeQueue<ProviderRequest> | PurgeQueue<InvalidationRequest> | null };

function queue(): PurgeQueue<ProviderRequest> | PurgeQueue<InvalidationRequest> | null {
  if (slot.__redlineCdnQueue !== undefined) return slot.__redlineCdnQueue;
  const env = config();
  if (env.CDN_PROVIDER === 'cloudflare' && env.CLOUDFLARE_API_TOKEN && env.CLOUDFLARE_ZONE_ID) {
    slot.__redlineCdnQueue = new PurgeQueue('cloudflare', CLOUDFLARE_LIMITS[env.CLOUDFLARE_PLAN], httpSender(readCloudflare));
  } else if (env.CDN_PROVIDER === 'fastly' && env.FASTLY_API_TOKEN && env.FASTLY_SERVICE_ID) {
    // Fastly documents no purge request rate beyond its 256 keys per batch; stay modest.
    slot.__redlineCdnQueue = new PurgeQueue('fastly', { capacity: 50, perSecond: 10 }, httpSender(readFastly));
  } else if (env.CDN_PROVIDER === 'cloudfront' && env.CLOUDFRONT_DISTRIBUTION_ID) {
    // CreateInvalidation is throttled by AWS; the SDK's throttling errors are waited out too.
    slot.__redlineCdnQueue = new PurgeQueue('cloudfront', { capacity: 5, perSecond: 1 }, cloudfrontSender({ region: env.CLOUDFRONT_REGION, endpoint: env.CDN_API_BASE }));
  } else slot.__redlineCdnQueue = null;
  return slot.__redlineCdnQueue;
}

export interface EdgePurge {
  type: 'path' | 'prefix' | 'all';
  path?: string;
  /** the source paths the local purge touched (Fastly purges their tags) */
  sources: string[];
}

/** Purges the provider's edge the way the local cache was purged; null when no provider is set up. */
export async function purgeEdge(p: EdgePurge): Promise<PurgeRecord | null> {
  const q = queue();
  if (!q) return null;
  const env = config();
  const description = `${p.type}${p.path ? ` ${p.path}` : ''}`;
  if (q.provider === 'cloudfront') {
    const paths = invalidationPaths(p.type, p.path);
    return (q as PurgeQueue<InvalidationRequest>).enqueue(description, [{ distributionId: env.CLOUDFRONT_DISTRIBUTION_ID as string, paths }]);
  }
  if (q.provider === 'cloudflare') {
    const host = new URL(env.CDN_BASE_URL ?? env.PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`).host;
    // Signed delivery URLs differ by query: a prefix of the delivery path covers all of them.
    const op: PurgeOp = p.type === 'all' ? { kind: 'all' } : { kind: 'prefixes', items: [`${host}/d/${(p.path ?? '/').replace(/^\/+/, '')}`] };
    return (q as PurgeQueue<ProviderRequest>).enqueue(description, cloudflareRequests({ apiBase: env.CDN_API_BASE ?? 'https://api.cloudflare.com/client/v4', zoneId: env.CLOUDFLARE_ZONE_ID as string, token: env.CLOUDFLARE_API_TOKEN as string }, op, CLOUDFLARE_LIMITS[env.CLOUDFLARE_PLAN].maxOps));
  }
  const op: PurgeOp = p.type === 'all' ? { kind: 'all' } : { kind: 'tags', items: [...new Set([...(p.type === 'path' && p.path ? [p.path] : []), ...p.sources])].map(sourceTag) };
  if (op.kind === 'tags' && !op.items.length) return null;
  return (q as PurgeQueue<ProviderRequest>).enqueue(description, fastlyRequests({ apiBase: env.CDN_API_BASE ?? 'https://api.fastly.com', serviceId: env.FASTLY_SERVICE_ID as string, token: env.FASTLY_API_TOKEN as string }, op));
}

export function edgeHistory(): PurgeRecord[] {
  return queue()?.history ?? [];
}
