import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { edgeHistory } from '@/lib/cdn';
import { healthStatus } from '@/lib/cdn/health';
import { config } from '@/lib/config';
import { cdnDeleteQuery, cdnGetQuery } from '@/lib/delivery/api-schemas';
import { cdnConfig, deliveryUrl } from '@/lib/delivery/urls';
import { purgeVariants } from '@/lib/images/purge';

// GET /api/optimization/cdn?action=config|url|purges|health – seed 000 CDN API (signed URLs, edge purge history, multi-CDN health)
export const GET = route({ role: 'viewer', query: cdnGetQuery }, async ({ query: q }) => {
  if (q.action === 'config') return cdnConfig();
  if (q.action === 'purges') return { provider: config().CDN_PROVIDER, purges: edgeHistory() };
  if (q.action === 'health') return healthStatus();
  if (!q.path) throw new ApiError('validation_failed', 'action=url needs path', { path: 'required' });
  return deliveryUrl({ ...q, path: q.path });
});

// DELETE /api/optimization/cdn?type=path|prefix|all&path= – purge cached variants (operator), on every instance
export const DELETE = route({ role: 'operator', query: cdnDeleteQuery, action: 'cdn.purge' }, async ({ query: q }) => {
  const purged = await purgeVariants(q.type, q.path);
  return { type: q.type, path: q.path ?? null, ...purged };
});
