// The configured CDN provider: what a local purge becomes at the edge, sent through the
// provider's rate-limited queue. Delivery responses carry the tags these purges name.
import { createHash } from 'node:crypto';
import { config } from '../config';
import { db } from '../db';
import { liveSetting } from '../settings/live';
import {
  CLOUDFLARE_LIMITS,
  cloudflareRequests,
  fastlyRequests,
  type ProviderAnswer,
  type ProviderRequest,
  type PurgeOp,
  readCloudflare,
  readFastly,
} from './providers';
import { type InvalidationRequest, invalidationPaths } from './invalidation';
import { httpSender, type PurgeRecord, PurgeQueue } from './purge-queue';
import { peek, put, slot } from '../process/registry';

/** the edge purge queue of the current provider setup */
export const CDN_QUEUE = slot<{ key: string; queue: AnyPurgeQueue | null }>('cdnQueue');

/** The tag of everything delivered from one source path (Cache-Tag / Surrogate-Key). */
export function sourceTag(src: string): string {
  return `rl-${createHash('sha1').update(src).digest('hex').slice(0, 20)}`;
}
export const ALL_TAG = 'rl-delivery';

/** The provider setup in force: the ids from the runtime settings (Settings → Runtime), the
 *  credentials from the environment; `missing` names what keeps it from purging. */
export function providerSetup() {
  const env = config();
  const provider = liveSetting('cdn.provider');
  const ids = {
    zoneId: liveSetting('cdn.cloudflare.zoneId'),
    plan: liveSetting('cdn.cloudflare.plan'),
    serviceId: liveSetting('cdn.fastly.serviceId'),
    distributionId: liveSetting('cdn.cloudfront.distributionId'),
    region: liveSetting('cdn.cloudfront.region'),
  };
  const missing: string[] = [];
  if (provider === 'cloudflare') {
    if (!ids.zoneId) missing.push('cdn.cloudflare.zoneId');
    if (!env.CLOUDFLARE_API_TOKEN) missing.push('CLOUDFLARE_API_TOKEN');
  } else if (provider === 'fastly') {
    if (!ids.serviceId) missing.push('cdn.fastly.serviceId');
    if (!env.FASTLY_API_TOKEN) missing.push('FASTLY_API_TOKEN');
  } else if (provider === 'cloudfront' && !ids.distributionId) missing.push('cdn.cloudfront.distributionId');
  return {
    provider,
    ...ids,
    apiBase: env.CDN_API_BASE ?? null,
    missing,
    ready: provider !== 'none' && missing.length === 0,
  };
}

/** The AWS SDK is loaded the first time a CloudFront purge is sent, not at start (it costs memory). */
function lazyCloudfrontSender(opts: { region: string; endpoint?: string }) {
  let sender: Promise<(req: InvalidationRequest) => Promise<ProviderAnswer>> | undefined;
  return async (req: InvalidationRequest): Promise<ProviderAnswer> => {
    sender ??= import('./cloudfront').then((m) => m.cloudfrontSender(opts));
    return (await sender)(req);
  };
}

export type AnyPurgeQueue = PurgeQueue<ProviderRequest> | PurgeQueue<InvalidationRequest>;

/** The queue for the current setup; a changed setup gets a new queue (and a new rate budget). */
function queue(): AnyPurgeQueue | null {
  const setup = providerSetup();
  const key = JSON.stringify(setup);
  const current = peek(CDN_QUEUE);
  if (current?.key === key) return current.queue;
  let q: AnyPurgeQueue | null = null;
  if (setup.ready && setup.provider === 'cloudflare')
    q = new PurgeQueue('cloudflare', CLOUDFLARE_LIMITS[setup.plan], httpSender(readCloudflare));
  // Fastly documents no purge request rate beyond its 256 keys per batch; stay modest.
  else if (setup.ready && setup.provider === 'fastly')
    q = new PurgeQueue('fastly', { capacity: 50, perSecond: 10 }, httpSender(readFastly));
  // CreateInvalidation is throttled by AWS; the SDK's throttling errors are waited out too.
  else if (setup.ready && setup.provider === 'cloudfront')
    q = new PurgeQueue(
      'cloudfront',
      { capacity: 5, perSecond: 1 },
      lazyCloudfrontSender({ region: setup.region, endpoint: setup.apiBase ?? undefined }),
    );
  put(CDN_QUEUE, { key, queue: q });
  return q;
}

export interface EdgePurge {
  type: 'path' | 'prefix' | 'tag' | 'all';
  path?: string;
  tag?: string;
  /** the source paths the local purge touched (Fastly purges their tags) */
  sources: string[];
}

/** Purges the provider's edge the way the local cache was purged; null when no provider is set up. */
export async function purgeEdge(p: EdgePurge): Promise<PurgeRecord | null> {
  const q = queue();
  if (!q) return null;
  const env = config();
  const setup = providerSetup();
  const description = `${p.type}${p.path ? ` ${p.path}` : ''}${p.tag ? ` ${p.tag}` : ''}`;
  if (q.provider === 'cloudfront') {
    // CloudFront has no tags: a tag purge invalidates each tagged source's delivery paths.
    const paths =
      p.type === 'tag' ? p.sources.flatMap((s) => invalidationPaths('path', s)) : invalidationPaths(p.type, p.path);
    if (!paths.length) return null;
    return recorded(
      (q as PurgeQueue<InvalidationRequest>).enqueue(description, [{ distributionId: setup.distributionId, paths }]),
    );
  }
  if (q.provider === 'cloudflare') {
    const host = new URL(env.CDN_BASE_URL ?? env.PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`).host;
    // Signed delivery URLs differ by query: a prefix of the delivery path covers all of them.
    const op: PurgeOp =
      p.type === 'all'
        ? { kind: 'all' }
        : p.type === 'tag'
          ? { kind: 'tags', items: [p.tag as string] }
          : { kind: 'prefixes', items: [`${host}/d/${(p.path ?? '/').replace(/^\/+/, '')}`] };
    return recorded(
      (q as PurgeQueue<ProviderRequest>).enqueue(
        description,
        cloudflareRequests(
          {
            apiBase: setup.apiBase ?? 'https://api.cloudflare.com/client/v4',
            zoneId: setup.zoneId,
            token: env.CLOUDFLARE_API_TOKEN as string,
          },
          op,
          CLOUDFLARE_LIMITS[setup.plan].maxOps,
        ),
      ),
    );
  }
  const keys =
    p.type === 'tag'
      ? [p.tag as string]
      : [...new Set([...(p.type === 'path' && p.path ? [p.path] : []), ...p.sources])].map(sourceTag);
  const op: PurgeOp = p.type === 'all' ? { kind: 'all' } : { kind: 'tags', items: keys };
  if (op.kind === 'tags' && !op.items.length) return null;
  return recorded(
    (q as PurgeQueue<ProviderRequest>).enqueue(
      description,
      fastlyRequests(
        {
          apiBase: setup.apiBase ?? 'https://api.fastly.com',
          serviceId: setup.serviceId,
          token: env.FASTLY_API_TOKEN as string,
        },
        op,
      ),
    ),
  );
}

/** Every edge purge is kept (30 days) so each instance's console shows the same history. */
async function recorded(p: Promise<PurgeRecord>): Promise<PurgeRecord> {
  const r = await p;
  await db()
    .cdnPurge.create({
      data: {
        provider: r.provider,
        description: r.description,
        requests: r.requests,
        ok: r.ok,
        ids: JSON.stringify(r.ids),
        error: r.error ?? null,
        waitedMs: r.waitedMs,
        at: new Date(r.at),
      },
    })
    .catch((e: Error) => console.error(`[cdn] could not record a purge: ${e.message}`));
  return r;
}

export async function edgeHistory(limit = 50): Promise<PurgeRecord[]> {
  const rows = await db().cdnPurge.findMany({ orderBy: { id: 'desc' }, take: limit });
  return rows.map((r) => ({
    at: r.at.toISOString(),
    provider: r.provider,
    description: r.description,
    requests: r.requests,
    ok: r.ok,
    ids: JSON.parse(r.ids) as string[],
    error: r.error ?? undefined,
    waitedMs: r.waitedMs,
  }));
}
