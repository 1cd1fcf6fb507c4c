// Ingestion: the body is parsed and validated on a decode thread (a columnar batch comes back),
// label cardinality is capped here, and the batch goes to the bulk writer; the answer waits for
// its transaction, so an accepted point is a stored point.
import { hostname } from 'node:os';
import { ownBytes } from '../api/body';
import { ApiError } from '../api/errors';
import { config } from '../config';
import { bulkWriter } from '../ingest/bulk-writer';
import { decodePool } from '../ingest/decode-pool';
import type { MetricsInput } from '../ingest/decode-thread';
import type { WriteResult } from '../ingest/jobs';
import { isPoolError } from '../process/pool';
import { store } from '../redis';
import { settingValue } from '../settings/service';
import { metrics } from '.';
import { ingestCardinality } from './cardinality';
import type { Rejected } from './ingest';
import type { ParseOutcome } from './ingest-parse';
import { LIVE_CHANNEL } from './live';

const INSTANCE = `${hostname()}:${process.pid}`;

export interface IngestResult {
  accepted: number;
  rejected: Rejected[];
}

const busy = (what: string) =>
  new ApiError('unavailable', `Ingestion is over capacity (${what}); retry shortly`, undefined, { 'retry-after': '1' });

async function parse(body: Buffer, now: number, oldestMs: number): Promise<ParseOutcome> {
  const input: MetricsInput = { body: ownBytes(body), now, oldestMs, maxItems: config().INGEST_MAX_ITEMS };
  try {
    return await decodePool().run<MetricsInput, ParseOutcome>('parseMetrics', input, {
      transfer: [input.body.buffer],
      timeoutMs: 30_000,
    });
  } catch (err) {
    if (!isPoolError(err)) throw err;
    if (err.kind === 'busy' || err.kind === 'closed') throw busy('decoding');
    // A thread that died or stalled on this body: the body's fault, said plainly.
    throw new ApiError('unprocessable', `The batch could not be read (${err.message})`);
  }
}

/** `body` is the request's JSON bytes; the main thread never parses or walks its items. */
export async function ingestMetrics(body: Buffer, source: string): Promise<IngestResult> {
  const env = config();
  const now = Date.now();
  const oldest = now - (await settingValue('monitoring.retention.metricsMs'));
  const parsed = await parse(body, now, oldest);
  if (!parsed.ok) throw new ApiError(parsed.error.code, parsed.error.message, parsed.error.details);
  const batch = parsed.batch;
  const rejected = batch.rejected;
  const refused = await ingestCardinality().overCapKeys(
    batch.series.map(([, name, key]) => [name, key] as const),
    now,
  );
  const refusedItems = new Set<number>();
  let kept = 0;
  for (let i = 0; i < batch.values.length; i++) {
    const s = batch.seriesIndex[i] as number;
    if (!refused.has(s)) {
      kept++;
      continue;
    }
    const index = batch.items[i] as number;
    if (refusedItems.has(index)) continue;
    refusedItems.add(index);
    rejected.push({
      index,
      reason: `labels: ${batch.series[s]?.[1]} already has ${env.METRICS_MAX_SERIES_PER_METRIC} label sets (METRICS_MAX_SERIES_PER_METRIC); this one would be new`,
    });
  }
  rejected.sort((a, b) => a.index - b.index);
  const m = metrics();
  if (kept === 0) {
    m.counter('ingest_points_total', rejected.length, { source, outcome: 'rejected' });
    const onlyCardinality = rejected.length > 0 && rejected.every((r) => refusedItems.has(r.index));
    throw new ApiError(onlyCardinality ? 'rate_limited' : 'unprocessable', 'No metric in the batch was accepted', {
      rejected,
    });
  }
  let stored: WriteResult;
  try {
    // The typed arrays go to the writer thread as they are; the answer waits for the commit.
    stored = await bulkWriter().write({ kind: 'columnar', batch, refused: [...refused], instance: INSTANCE }, [
      batch.seriesIndex.buffer,
      batch.values.buffer,
      batch.ts.buffer,
      batch.items.buffer,
    ]);
  } catch (err) {
    m.counter('ingest_points_total', kept, { source, outcome: 'over_capacity' });
    if (isPoolError(err)) throw busy('writing');
    throw err;
  }
  if (stored.live)
    void store()
      .publish(LIVE_CHANNEL, JSON.stringify(stored.live))
      .catch(() => undefined);
  m.counter('ingest_points_total', kept, { source, outcome: 'accepted' });
  if (rejected.length) m.counter('ingest_points_total', rejected.length, { source, outcome: 'rejected' });
  return { accepted: kept, rejected };
}
