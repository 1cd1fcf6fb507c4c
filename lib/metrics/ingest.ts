// Pure: validation of ingested metrics, item by item, so one bad item does not sink a batch.
import { z } from 'zod';
import { labelsSchema, METRIC_TYPES, type MetricType, metricNameSchema, type Point } from './model';

export const MAX_FUTURE_MS = 5 * 60_000;
const MAX_VALUES_PER_ITEM = 10_000;

const finite = z.number({ error: 'expected a number' }).refine(Number.isFinite, 'NaN and infinite values are not accepted');
const timestamp = z.union([z.number().int(), z.iso.datetime({ offset: true })], { error: 'expected epoch milliseconds or an ISO 8601 date' });

const itemSchema = z
  .strictObject({
    name: metricNameSchema,
    type: z.enum(METRIC_TYPES, { error: `expected type ${METRIC_TYPES.join(', ')}` }),
    labels: labelsSchema.default({}),
    value: finite.optional(),
    values: z.array(finite).min(1).max(MAX_VALUES_PER_ITEM).optional(),
    timestamp: timestamp.optional(),
  })
  .refine((i) => (i.value === undefined) !== (i.values === undefined), 'give exactly one of value or values')
  .refine((i) => i.values === undefined || i.type === 'histogram', 'values (several observations) are for histograms only');

export const ingestBodySchema = z.strictObject({ metrics: z.array(z.unknown()).min(1, 'metrics must not be empty') });

export interface Rejected {
  index: number;
  reason: string;
}

/** Splits a batch into points to store and rejected items with the reason for each. */
export function validateBatch(items: readonly unknown[], now: number, oldestMs: number): { points: Point[]; rejected: Rejected[]; items: number[] } {
  const points: Point[] = [];
  const rejected: Rejected[] = [];
  const itemOfPoint: number[] = [];
  for (const [index, raw] of items.entries()) {
    const r = itemSchema.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0];
      rejected.push({ index, reason: `${issue?.path.length ? `${issue.path.join('.')}: ` : ''}${issue?.message ?? 'invalid'}` });
      continue;
    }
    const item = r.data;
    const ts = item.timestamp === undefined ? now : typeof item.timestamp === 'number' ? item.timestamp : Date.parse(item.timestamp);
    if (ts > now + MAX_FUTURE_MS) {
      rejected.push({ index, reason: 'timestamp: more than 5 minutes in the future' });
      continue;
    }
    if (ts < oldestMs) {
      rejected.push({ index, reason: 'timestamp: older than the metrics retention' });
      continue;
    }
    for (const value of item.values ?? [item.value as number]) {
      points.push({ name: item.name, labels: item.labels, value, ts, type: item.type as MetricType });
      itemOfPoint.push(index);
    }
  }
  return { points, rejected, items: itemOfPoint };
}
