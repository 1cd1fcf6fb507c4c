// Ingestion: validate item by item (in the ingest thread), cap cardinality, hand the points to the
// batch writer.
import { ownBytes } from '../api/body';
import { ApiError } from '../api/errors';
import { config } from '../config';
import { db } from '../db';
import { settingValue } from '../settings/service';
import { metrics } from '.';
import { CardinalityGuard } from './cardinality';
import type { Rejected } from './ingest';
import { pointsOf } from './ingest-parse';
import { metricIngestWorker } from './ingest-worker-client';
import { once } from '../process/registry';

const guard = () =>
  once('ingestCardinality', () => new CardinalityGuard(db, () => config().METRICS_MAX_SERIES_PER_METRIC));

export interface IngestResult {
  accepted: number;
  rejected: Rejected[];
}

/**
 * `body` is the request's JSON bytes: parsing and validation run in the ingest thread, so a batch's
 * thousands of objects are never made on the main event loop; what comes back is a columnar batch.
 */
export async function ingestMetrics(body: Buffer, source: string): Promise<IngestResult> {
  const env = config();
  const now = Date.now();
  const oldest = now - (await settingValue('monitoring.retention.metricsMs'));
  const parsed = await metricIngestWorker().parse(ownBytes(body), now, oldest, env.INGEST_MAX_ITEMS);
  if (!parsed.ok) throw new ApiError(parsed.error.code, parsed.error.message, parsed.error.details);
  const batch = parsed.batch;
  const rejected = batch.rejected;
  const refused = await guard().overCapKeys(
    batch.series.map(([, name, key]) => [name, key] as const),
    now,
  );
  const refusedItems = new Set<number>();
  if (refused.size) {
    for (let i = 0; i < batch.values.length; i++) {
      const s = batch.seriesIndex[i] as number;
      const index = batch.items[i] as number;
      if (!refused.has(s) || refusedItems.has(index)) continue;
      refusedItems.add(index);
      rejected.push({
        index,
        reason: `labels: ${batch.series[s]?.[1]} already has ${env.METRICS_MAX_SERIES_PER_METRIC} label sets (METRICS_MAX_SERIES_PER_METRIC); this one would be new`,
      });
    }
  }
  const keep = pointsOf(batch, refused);
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
