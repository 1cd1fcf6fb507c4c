// Caps distinct label sets per metric name. Known series are cached per process and refreshed
// from the MetricSeries table; with several instances the cap may be overshot by the series each
// creates between refreshes, never by more.
import { config } from '../config';
import { type Db, db } from '../db';
import { once, slot } from '../process/registry';
import { labelsKey, type Point } from './model';

/** the label-cardinality guard of ingested metrics and span RED metrics */
const INGEST_CARDINALITY = slot<CardinalityGuard>('ingestCardinality');
export const ingestCardinality = (): CardinalityGuard =>
  once(INGEST_CARDINALITY, () => new CardinalityGuard(db, () => config().METRICS_MAX_SERIES_PER_METRIC));

const REFRESH_MS = 30_000;

interface Known {
  labels: Set<string>;
  loadedAt: number;
}

export class CardinalityGuard {
  private readonly known = new Map<string, Known>();

  constructor(
    private readonly db: () => Db,
    private readonly maxSeriesPerMetric: () => number,
  ) {}

  private async load(name: string, now: number): Promise<Known> {
    const cached = this.known.get(name);
    if (cached && now - cached.loadedAt < REFRESH_MS) return cached;
    const cap = this.maxSeriesPerMetric();
    const rows = await this.db().metricSeries.findMany({ where: { name }, select: { labels: true }, take: cap + 1 });
    const labels = new Set(rows.map((r) => r.labels));
    for (const l of cached?.labels ?? []) if (labels.size <= cap) labels.add(l);
    const fresh = { labels, loadedAt: now };
    this.known.set(name, fresh);
    return fresh;
  }

  /** Indexes (into `points`) of points that would create a series past the cap. */
  overCap(points: readonly Point[], now = Date.now()): Promise<Set<number>> {
    return this.overCapKeys(
      points.map((p) => [p.name, labelsKey(p)]),
      now,
    );
  }

  /** Indexes (into `series`, [name, canonical labels] pairs) of those that would be new past the cap. */
  async overCapKeys(series: readonly (readonly [string, string])[], now = Date.now()): Promise<Set<number>> {
    // One (cached) load per metric name in the batch, then a synchronous pass: an await per point
    // cost more than the check itself at ingest rates.
    const byName = new Map<string, Known>();
    for (const [name] of series) if (!byName.has(name)) byName.set(name, await this.load(name, now));
    const refused = new Set<number>();
    const cap = this.maxSeriesPerMetric();
    for (let i = 0; i < series.length; i++) {
      const [name, labels] = series[i] as readonly [string, string];
      const known = byName.get(name) as Known;
      if (known.labels.has(labels)) continue;
      if (known.labels.size >= cap) refused.add(i);
      else known.labels.add(labels);
    }
    return refused;
  }
}
