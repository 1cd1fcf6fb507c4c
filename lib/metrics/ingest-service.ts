// Ingestion: validate item by item, cap cardinality, hand the points to the batch writer.
import { ApiError } from '../api/errors';
import { config } from '../config';
import { db } from '../db';
import { settingValue } from '../settings/service';
import { metrics } from '.';
import { CardinalityGuard } from './cardinality';
import { type Rejected, validateBatch } from './ingest';
import { once } from '../process/registry';

const guard = () =>
  once('ingestCardinality', () => new CardinalityGuard(db, () => config().METRICS_MAX_SERIES_PER_METRIC));

export interface IngestResult {
  accepted: number;
  rejected: Rejected[];
}

export async function ingestMetrics(items: readonly unknown[], source: string): Promise<IngestResult> {
  const env = config();
  if (items.length > env.INGEST_MAX_ITEMS) {
    throw new ApiError('payload_too_large', `At most ${env.INGEST_MAX_ITEMS} metrics per request; split the batch`, {
      limit: env.INGEST_MAX_ITEMS,
    });
  }
  // Parsing the body and validating its items are each a long synchronous step at ingest rates:
  // between them the event loop gets a turn, so health checks and page requests are not held up.
  await new Promise((resolve) => setImmediate(resolve));
  const now = Date.now();
  const {
    points,
    rejected,
    items: itemOf,
  } = validateBatch(items, now, now - (await settingValue('monitoring.retention.metricsMs')));
  const refused = await guard().overCap(points, now);
  const refusedItems = new Set<number>();
  for (const i of refused) {
    const index = itemOf[i] as number;
    if (refusedItems.has(index)) continue;
    refusedItems.add(index);
    const p = points[i];
    rejected.push({
      index,
      reason: `labels: ${p?.name} already has ${env.METRICS_MAX_SERIES_PER_METRIC} label sets (METRICS_MAX_SERIES_PER_METRIC); this one would be new`,
    });
  }
  const keep = points.filter((_, i) => !refused.has(i));
  rejected.sort((a, b) => a.index - b.index);
  const m = metrics();
  if (keep.length === 0) {
    m.counter('ingest_points_total', rejected.length, { source, outcome: 'rejected' });
    const onlyCardinality = rejected.length > 0 && rejected.every((r) => refusedItems.has(r.index));
    throw new ApiError(onlyCardinality ? 'rate_limited' : 'unprocessable', 'No metric in the batch was accepted', {
      rejected,
    });
  }
  if (!m.offer(keep)) {
    m.counter('ingest_points_total', keep.length, { source, outcome: 'over_capacity' });
    throw new ApiError(
      'unavailable',
      'Ingestion is over capacity; retry shortly',
      { buffered: m.pending() },
      { 'retry-after': '1' },
    );
  }
  m.counter('ingest_points_total', keep.length, { source, outcome: 'accepted' });
  if (rejected.length) m.counter('ingest_points_total', rejected.length, { source, outcome: 'rejected' });
  return { accepted: keep.length, rejected };
}
