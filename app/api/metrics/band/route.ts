import { z } from 'zod';
import { bands, pickMethod } from '@/lib/alerts/anomaly';
import { badRequestOnThrow } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { db } from '@/lib/db';
import { metricNameSchema } from '@/lib/metrics/model';
import { querySeries } from '@/lib/metrics/query';
import { rangeQueryShape, resolveRange } from '@/lib/time-range';

const query = z.strictObject({
  name: metricNameSchema,
  field: z.enum(['avg', 'max', 'p95']).default('avg'),
  method: z.enum(['auto', 'rolling', 'ewma', 'seasonal']).default('auto'),
  ...rangeQueryShape,
});

// GET /api/metrics/band – a series with its expected band (mean ± 3σ from its own past), for anomaly overlays
export const GET = route({ role: 'viewer', query }, async ({ query: q }) => {
  const { fromMs, toMs } = badRequestOnThrow(() => resolveRange(q));
  // The baseline needs history before the range: read a week more (seasonal) and keep the range.
  const history = 7 * 86_400_000;
  const r = await querySeries(db(), {
    name: q.name,
    fromMs: fromMs - history,
    toMs,
    stepMs: Math.max(60_000, Math.ceil((toMs - fromMs) / 240 / 60_000) * 60_000),
    groupBy: [],
    quantiles: q.field === 'p95' ? [0.95] : undefined,
  });
  const points = (r.series[0]?.points ?? []).map((p) => ({
    t: p.t,
    value: q.field === 'p95' ? (p.quantiles?.p95 ?? p.avg) : q.field === 'max' ? p.max : p.avg,
  }));
  const method = q.method === 'auto' ? pickMethod(points) : q.method;
  return { method, stepMs: r.stepMs, fromMs, toMs, points: bands(points, method).filter((b) => b.t >= fromMs) };
});
