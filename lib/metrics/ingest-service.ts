// Ingestion: the body is parsed and validated on a decode thread (a columnar batch comes back),
// label cardinality is capped here, and the batch goes to the bulk writer; the answer waits for
// its transaction, so an accepted point is a stored point.
import { hostname } from 'node:os';
import { deserialize } from 'node:v8';
import { ownBytes } from '../api/body';
import { ApiError } from '../api/errors';
import { config } from '../config';
import { bulkWriter } from '../ingest/bulk-writer';
import { decodePool } from '../ingest/decode-pool';
import type { MetricsInput, MetricsOutcome, MetricsPayload } from '../ingest/decode-thread';
import type { WriteResult } from '../ingest/jobs';
import { isPoolError } from '../process/pool';
import { store } from '../redis';
import { liveSetting } from '../settings/live';
import { metrics } from '.';
import { ingestCardinality } from './cardinality';
import type { Rejected } from './ingest';
import { LIVE_CHANNEL } from './live';

const INSTANCE = `${hostname()}:${process.pid}`;

export interface IngestResult {
  accepted: number;
  rejected: Rejected[];
}

const busy = (what: string) =>
  new ApiError('unavailable', `Ingestion is over capacity (${what}); retry shortly`, undefined, { 'retry-after': '1' });

async function parse(body: Buffer, now: number, oldestMs: number): Promise<MetricsOutcome> {
  const input: MetricsInput = {
    body: ownBytes(body),
    now,
    oldestMs,
    maxItems: config().INGEST_MAX_ITEMS,
    instance: INSTANCE,
  };
  try {
    return await decodePool().run<MetricsInput, MetricsOutcome>('parseMetrics', input, {
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

/**
 * Which request items the refused series came from, and how many points are left: the rare path
 * (a cardinality cap reached), so the payload is read on the main thread only here.
 */
function splitRefused(payload: Uint8Array, refused: ReadonlySet<number>): { items: Map<number, number>; kept: number } {
  const { batch } = deserialize(payload) as MetricsPayload;
  const items = new Map<number, number>(); // item → its series
  let kept = 0;
  for (let i = 0; i < batch.values.length; i++) {
    const s = batch.seriesIndex[i] as number;
    if (refused.has(s)) items.set(batch.items[i] as number, s);
    else kept++;
  }
  return { items, kept };
}

/** `body` is the request's JSON bytes; the main thread never parses it or holds its points. */
export async function ingestMetrics(body: Buffer, source: string): Promise<IngestResult> {
  const env = config();
  const now = Date.now();
  const oldest = now - liveSetting('monitoring.retention.metricsMs');
  const parsed = await parse(body, now, oldest);
  if (!parsed.ok) throw new ApiError(parsed.error.code, parsed.error.message, parsed.error.details);
  const rejected = parsed.rejected;
  const refused = await ingestCardinality().overCapKeys(parsed.series, now);
  let kept = parsed.points;
  const capped = new Set<number>();
  if (refused.size) {
    const split = splitRefused(parsed.payload, refused);
    kept = split.kept;
    for (const [index, s] of split.items) {
      capped.add(index);
      rejected.push({
        index,
        reason: `labels: ${parsed.series[s]?.[0]} already has ${env.METRICS_MAX_SERIES_PER_METRIC} label sets (METRICS_MAX_SERIES_PER_METRIC); this one would be new`,
      });
    }
  }
  rejected.sort((a, b) => a.index - b.index);
  const m = metrics();
  if (kept === 0) {
    m.counter('ingest_points_total', rejected.length, { source, outcome: 'rejected' });
    const onlyCardinality = rejected.length > 0 && rejected.every((r) => capped.has(r.index));
    throw new ApiError(onlyCardinality ? 'rate_limited' : 'unprocessable', 'No metric in the batch was accepted', {
      rejected,
    });
  }
  let stored: WriteResult;
  try {
    // The decode thread's payload goes on to the writer thread as it is; the answer waits for the commit.
    const job = { kind: 'columnar' as const, payload: parsed.payload, refused: [...refused], instance: INSTANCE };
    stored = await bulkWriter().write(job, [parsed.payload.buffer]);
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
