import { checkHealth } from '@/lib/health/service';
import { route } from '@/lib/api/route';

// GET /api/health – database, Redis and disk status; public, no secrets
export const GET = route({ role: 'public' }, async () => {
  const health = await checkHealth();
  return Response.json(health, { status: health.status === 'down' ? 503 : 200 });
});
