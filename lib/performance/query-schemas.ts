// zod schemas of the performance endpoints' query strings and bodies.
import { z } from 'zod';
import { rangeQueryShape } from '../time-range';
import { seedAlertsSchema } from '../alerts/seed-config';
import { CATEGORIES } from './categories';
import { monitoringConfigSchema, thresholdsSchema } from './config-map';

// Seed 000 calls the range `timeRange`; `range` works too.
const range = { ...rangeQueryShape, timeRange: rangeQueryShape.range.optional() };

export const performanceGetQuery = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('metrics'), metric: z.enum(CATEGORIES).default('api'), ...range }),
  z.strictObject({
    action: z.literal('slow-queries'),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    ...range,
  }),
  z.strictObject({ action: z.literal('recommendations'), ...range }),
  z.strictObject({
    action: z.literal('export'),
    format: z.enum(['csv', 'json']).default('csv'),
    metric: z.enum(CATEGORIES).default('api'),
    ...range,
  }),
  z.strictObject({ action: z.literal('stats'), ...range }),
]);

export const performancePostBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('update-config'), config: monitoringConfigSchema }),
  z.strictObject({ action: z.literal('set-thresholds'), thresholds: thresholdsSchema }),
  z.strictObject({ action: z.literal('configure-alerts'), alerts: seedAlertsSchema }),
]);

/** `timeRange` wins over `range` when both are given. */
export function pickRange<
  Q extends {
    range: z.infer<typeof rangeQueryShape.range>;
    timeRange?: z.infer<typeof rangeQueryShape.range>;
    from?: number;
    to?: number;
  },
>(q: Q) {
  return { range: q.timeRange ?? q.range, from: q.from, to: q.to };
}
