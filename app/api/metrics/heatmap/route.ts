import { z } from 'zod';
import { badRequestOnThrow } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { db } from '@/lib/db';
import { heatmap } from '@/lib/metrics/heatmap';
import { metricNameSchema } from '@/lib/metrics/model';
import { rangeQueryShape, resolveRange } from '@/lib/time-range';

const query = z.strictObject({ name: metricNameSchema, service: z.string().max(256).optional(), ...rangeQueryShape });

// GET /api/metrics/heatmap – a histogram metric's distribution per time step, for latency heatmaps
export const GET = route({ role: 'viewer', query }, async ({ query: q }) => {
  const { fromMs, toMs } = badRequestOnThrow(() => resolveRange(q));
  return heatmap(db(), q.name, fromMs, toMs, q.service ? { service: q.service } : undefined);
});
