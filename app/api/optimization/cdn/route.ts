import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { edgeHistory, providerSetup } from '@/lib/cdn';
import { healthStatus } from '@/lib/cdn/health';
import { cdnDeleteQuery, cdnGetQuery } from '@/lib/delivery/api-schemas';
import { cdnConfig, deliveryUrl, preloadLinks } from '@/lib/delivery/urls';
import { purgeVariants } from '@/lib/images/purge';

// GET /api/optimization/cdn?action=config|url|purges|health|preload – seed 000 CDN API (signed URLs, edge purge history, multi-CDN health)
export const GET = route({ role: 'viewer', query: cdnGetQuery }, async ({ query: q }) => {
  if (q.action === 'config') return cdnConfig();
  if (q.action === 'purges') return { provider: providerSetup(), purges: await edgeHistory() };
  if (q.action === 'health') return healthStatus();
  if (q.action === 'preload') {
    // The header a page serving these assets sends (or an edge worker copies); this answer carries it too.
    const p = await preloadLinks();
    return Response.json(p, { headers: p.header ? { link: p.header } : {} });
  }
  if (!q.path) throw new ApiError('validation_failed', 'action=url needs path', { path: 'required' });
  return deliveryUrl({ ...q, path: q.path });
});

// DELETE /api/optimization/cdn?type=path|prefix|tag|all&path=&tag= – purge cached variants (operator), on every instance and at the edge
export const DELETE = route({ role: 'operator', query: cdnDeleteQuery, action: 'cdn.purge' }, async ({ query: q }) => {
  const purged = await purgeVariants(q.type, q.type === 'tag' ? q.tag : q.path);
  return { type: q.type, path: q.path ?? null, tag: q.tag ?? null, ...purged };
});
