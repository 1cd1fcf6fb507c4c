// Pure: rows keyed by metric name, labels and a number, for the aggregations of lib/metrics.

/**
 * Rows keyed by metric name, then labels, then a number: nested maps on the points' own strings
 * (whose hashes V8 caches) instead of a concatenated key per point and resolution, which
 * dominated the writer's CPU time at ingest rates.
 */
export class BucketTable<T> {
  private readonly byName = new Map<string, Map<string, Map<number, T>>>();

  row(name: string, labels: string, key: number, make: () => T): T {
    let byLabels = this.byName.get(name);
    if (!byLabels) {
      byLabels = new Map();
      this.byName.set(name, byLabels);
    }
    let byKey = byLabels.get(labels);
    if (!byKey) {
      byKey = new Map();
      byLabels.set(labels, byKey);
    }
    let row = byKey.get(key);
    if (row === undefined) {
      row = make();
      byKey.set(key, row);
    }
    return row;
  }

  rows(): T[] {
    const out: T[] = [];
    for (const byLabels of this.byName.values())
      for (const byKey of byLabels.values()) for (const row of byKey.values()) out.push(row);
    return out;
  }
}
