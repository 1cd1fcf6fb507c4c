import { z } from 'zod';
import { route } from '@/lib/api/route';
import { badRequestOnThrow } from '@/lib/api/errors';
import { db } from '@/lib/db';
import { metricNameSchema } from '@/lib/metrics/model';
import { querySeries } from '@/lib/metrics/query';
import { rangeQueryShape, resolveRange } from '@/lib/time-range';

const query = z.strictObject({
  name: metricNameSchema,
  ...rangeQueryShape,
  step: z.coerce.number().int().min(1_000).max(86_400_000).optional(),
  groupBy: z
    .string()
    .regex(/^[a-zA-Z_][a-zA-Z0-9_]*(,[a-zA-Z_][a-zA-Z0-9_]*)*$|^$/, 'comma-separated label names')
    .transform((s) => (s ? s.split(',') : []))
    .optional(),
  quantiles: z
    .string()
    .regex(/^0?\.\d+(,0?\.\d+)*$/, 'comma-separated quantiles between 0 and 1, e.g. 0.5,0.95,0.99')
    .transform((s) => s.split(',').map(Number))
    .optional(),
});

// GET /api/metrics/series – one metric over a range, bucketed, grouped by labels
export const GET = route({ role: 'viewer', query }, async ({ query: q }) => {
  const range = badRequestOnThrow(() => resolveRange(q));
  return querySeries(db(), { name: q.name, ...range, stepMs: q.step, groupBy: q.groupBy, quantiles: q.quantiles });
});
