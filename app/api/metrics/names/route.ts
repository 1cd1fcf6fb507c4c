import { z } from 'zod';
import { route } from '@/lib/api/route';
import { db } from '@/lib/db';
import { listMetricNames } from '@/lib/metrics/query';

// GET /api/metrics/names – metrics recorded in the last 7 days, with point counts
export const GET = route(
  { role: 'viewer', response: z.object({ data: z.array(z.object({ name: z.string(), count: z.number() })) }) },
  async () => ({ data: await listMetricNames(db(), Date.now() - 7 * 86_400_000) }),
);
