// Scrapes Prometheus-format targets: fetch with a timeout and a size cap, parse, turn counters
// into increments, cap cardinality like ingestion does, hand the points to the batch writer, and
// record the outcome on the target.
import { config } from '../config';
import { db } from '../db';
import { metrics } from '../metrics';
import { CardinalityGuard } from '../metrics/cardinality';
import { parsePrometheusText } from './prom-text';
import { toPoints } from './to-points';
import { once } from '../process/registry';

const MAX_BYTES = 10 * 1024 * 1024;
const previous = () => once('scrapeState', () => new Map());
const guard = () =>
  once('scrapeCardinality', () => new CardinalityGuard(db, () => config().METRICS_MAX_SERIES_PER_METRIC));

async function fetchText(url: string, timeoutMs: number): Promise<string> {
  const res = await fetch(url, {
    headers: { accept: 'text/plain;version=0.0.4' },
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  if (Number(res.headers.get('content-length') ?? 0) > MAX_BYTES) throw new Error(`response over ${MAX_BYTES} bytes`);
  const reader = res.body?.getReader();
  if (!reader) return '';
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BYTES) {
      await reader.cancel();
      throw new Error(`response over ${MAX_BYTES} bytes`);
    }
    parts.push(value);
  }
  return Buffer.concat(parts).toString('utf8');
}

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
      throw new Error(`not Prometheus text: line ${parsed.errors[0]?.line}: ${parsed.errors[0]?.reason}`);
    const labels = { ...(JSON.parse(target.labels) as Record<string, string>), target: target.name };
    const { points, next } = toPoints(parsed.samples, previous().get(target.id) ?? new Map(), labels, now);
    previous().set(target.id, next);
    const refused = await guard().overCap(points, now);
    const kept = points.filter((_, i) => !refused.has(i));
    if (kept.length && !metrics().offer(kept))
      throw new Error('the metrics buffer is full; will retry at the next interval');
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
      error: e.name === 'TimeoutError' ? `timed out after ${target.timeoutMs} ms` : e.message.slice(0, 300),
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
