import { ApiError, badRequestOnThrow } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { edgeHistory, providerSetup } from '@/lib/cdn';
import { healthStatus } from '@/lib/cdn/health';
import { cdnDeleteQuery, cdnGetQuery } from '@/lib/compat/optimization-cdn';
import { cdnConfig, deliveryUrl, preloadLinks } from '@/lib/delivery/urls';
import { cdnPostBody, cdnStats, optimizeAsset, optimizeAssets } from '@/lib/delivery/optimize';
import { db } from '@/lib/db';
import { purgeVariants } from '@/lib/images/purge';
import { resolveRange } from '@/lib/time-range';

// GET /api/optimization/cdn?action=config|url|optimize|stats|purges|health|preload – the CDN API (signed URLs, edge purge history, multi-CDN health)
export const GET = route({ role: 'viewer', query: cdnGetQuery }, async ({ query: q, req }) => {
  if (q.action === 'config') return cdnConfig();
  if (q.action === 'stats') {
    const { fromMs, toMs } = badRequestOnThrow(() => resolveRange(q));
    return cdnStats(db(), fromMs, toMs);
  }
  if (q.action === 'purges') return { provider: providerSetup(), purges: await edgeHistory() };
  if (q.action === 'health') return healthStatus();
  if (q.action === 'preload') {
    // The header a page serving these assets sends (or an edge worker copies); this answer carries it too.
    const p = await preloadLinks();
    return Response.json(p, { headers: p.header ? { link: p.header } : {} });
  }
  if (!q.path) throw new ApiError('validation_failed', `action=${q.action} needs path`, { path: 'required' });
  if (q.action === 'optimize')
    return optimizeAsset(q.path, { ...q, compress: q.compress !== 'false' }, req.headers.get('accept'));
  return deliveryUrl({ ...q, path: q.path });
});

// POST /api/optimization/cdn {action:'optimize', assets:[{path, options}]} – warm up to 100 assets (operator), item by item
export const POST = route({ role: 'operator', body: cdnPostBody, action: 'cdn.optimize' }, async ({ body, req }) =>
  optimizeAssets(body.assets, req.headers.get('accept')),
);

// DELETE /api/optimization/cdn?type=path|prefix|tag|all&path=&tag= – purge cached variants (operator), on every instance and at the edge
export const DELETE = route({ role: 'operator', query: cdnDeleteQuery, action: 'cdn.purge' }, async ({ query: q }) => {
  const purged = await purgeVariants(q.type, q.type === 'tag' ? q.tag : q.path);
  return { type: q.type, path: q.path ?? null, tag: q.tag ?? null, ...purged };
});
