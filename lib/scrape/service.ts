// Scrapes Prometheus-format targets: fetch with a timeout and a size cap, parse, turn counters
// into increments, cap cardinality like ingestion does, hand the points to the batch writer, and
// record the outcome on the target.
import { config } from '../config';
import { db } from '../db';
import { metrics } from '../metrics';
import { CardinalityGuard } from '../metrics/cardinality';
import { parsePrometheusText } from './prom-text';
import { toPoints } from './to-points';
import { once, slot } from '../process/registry';
import { outboundRequest, sanitizedReason } from '../net/outbound';

/** last counter values per target (to store increments) */
export const SCRAPE_STATE = slot<Map<string, Map<string, number>>>('scrapeState');
/** label-cardinality guard of scraped metrics */
export const SCRAPE_CARDINALITY = slot<CardinalityGuard>('scrapeCardinality');

const MAX_BYTES = 10 * 1024 * 1024;
const previous = () => once(SCRAPE_STATE, () => new Map());
const guard = () =>
  once(SCRAPE_CARDINALITY, () => new CardinalityGuard(db, () => config().METRICS_MAX_SERIES_PER_METRIC));

async function fetchText(url: string, timeoutMs: number): Promise<string> {
  const res = await outboundRequest('scrape', url, {
    headers: { accept: 'text/plain;version=0.0.4', 'user-agent': 'Redline-Scraper' },
    maxRedirects: 0,
    maxBytes: MAX_BYTES,
    timeoutMs,
  });
  if (res.status !== 200) throw Object.assign(new Error(`HTTP ${res.status}`), { status: res.status });
  return res.bytes.toString('utf8');
}

class ScrapeProblem extends Error {}

export interface ScrapeOutcome {
  status: 'ok' | 'error';
  samples: number;
  points: number;
  durationMs: number;
  error?: string;
}

export async function scrapeTarget(
  target: { id: string; name: string; url: string; timeoutMs: number; labels: string },
  now = Date.now(),
): Promise<ScrapeOutcome> {
  const t0 = performance.now();
  let outcome: ScrapeOutcome;
  try {
    const text = await fetchText(target.url, target.timeoutMs);
    const parsed = parsePrometheusText(text);
    if (parsed.samples.length === 0 && parsed.errors.length)
      throw new ScrapeProblem(`not Prometheus text: line ${parsed.errors[0]?.line}: ${parsed.errors[0]?.reason}`);
    const labels = { ...(JSON.parse(target.labels) as Record<string, string>), target: target.name };
    const { points, next } = toPoints(parsed.samples, previous().get(target.id) ?? new Map(), labels, now);
    previous().set(target.id, next);
    const refused = await guard().overCap(points, now);
    const kept = points.filter((_, i) => !refused.has(i));
    if (kept.length && !metrics().offer(kept))
      throw new ScrapeProblem('the metrics buffer is full; will retry at the next interval');
    const problems = [
      ...parsed.errors.slice(0, 3).map((e) => `line ${e.line}: ${e.reason}`),
      ...(refused.size ? [`${refused.size} samples over the series cap`] : []),
    ];
    outcome = {
      status: 'ok',
      samples: parsed.samples.length,
      points: kept.length,
      durationMs: performance.now() - t0,
      error: problems.length ? problems.join('; ') : undefined,
    };
  } catch (err) {
    const e = err as Error;
    outcome = {
      status: 'error',
      samples: 0,
      points: 0,
      durationMs: performance.now() - t0,
      // Parse problems are ours to describe; a fetch failure keeps only its status or code.
      error:
        e instanceof ScrapeProblem
          ? e.message.slice(0, 300)
          : /did not answer within/.test(e.message)
            ? `timed out after ${target.timeoutMs} ms`
            : sanitizedReason(e),
    };
  }
  await db().scrapeTarget.update({
    where: { id: target.id },
    data: {
      lastScrapeAt: new Date(now),
      lastStatus: outcome.status,
      lastError: outcome.error ?? null,
      lastDurationMs: outcome.durationMs,
      lastSamples: outcome.samples,
    },
  });
  metrics().histogram('scrape_duration_ms', outcome.durationMs, { target: target.name, status: outcome.status });
  return outcome;
}

/** The job: scrapes every enabled target whose interval has passed. */
export async function scrapeDue(now = Date.now()): Promise<{ scraped: number; failed: number }> {
  const targets = await db().scrapeTarget.findMany({ where: { enabled: true } });
  const due = targets.filter((t) => !t.lastScrapeAt || now - t.lastScrapeAt.getTime() >= t.intervalMs - 500);
  const results = await Promise.all(due.map((t) => scrapeTarget(t, now)));
  return { scraped: results.length, failed: results.filter((r) => r.status === 'error').length };
}
