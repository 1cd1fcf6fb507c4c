import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { config } from '@/lib/config';
import { prometheus } from '@/lib/metrics';

// GET /api/metrics – Prometheus text exposition of this instance (API token unless METRICS_ENDPOINT_PUBLIC)
export const GET = route({ role: 'public', produces: 'text/plain; version=0.0.4' }, async ({ principal }) => {
  if (!config().METRICS_ENDPOINT_PUBLIC && !principal) {
    throw new ApiError(
      'unauthorized',
      'Send an API token (Prometheus: authorization.credentials) or set METRICS_ENDPOINT_PUBLIC=true',
    );
  }
  const p = prometheus();
  return new Response(await p.exposition(), { headers: { 'content-type': p.contentType } });
});
