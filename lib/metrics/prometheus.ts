// Prometheus exposition of this instance's own measurements (prom-client). Every point Redline
// records about itself is mirrored here as it is recorded; ingested metrics are not (their
// services are scraped directly). Label names are fixed per metric by its first point.
// Prometheus wants base units: *_ms metrics are exposed as *_seconds. prom-client's default
// metrics are left out: Redline samples its process itself, and some of those names fail
// promtool's lint (gauges ending in _total).
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Point } from './model';

const SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const PREFIX = 'redline_';

/** Pure: the exposed name and the factor its values are multiplied by. */
export function promName(name: string): { name: string; factor: number } {
  return name.endsWith('_ms')
    ? { name: `${PREFIX}${name.slice(0, -3)}_seconds`, factor: 1 / 1000 }
    : { name: PREFIX + name, factor: 1 };
}

type Collector =
  | { kind: 'histogram'; m: Histogram<string>; labels: string[] }
  | { kind: 'gauge'; m: Gauge<string>; labels: string[] }
  | { kind: 'counter'; m: Counter<string>; labels: string[] };

export class PrometheusBridge {
  readonly registry = new Registry();
  private readonly collectors = new Map<string, Collector>();

  observe(p: Point): void {
    let c = this.collectors.get(p.name);
    const labelNames = Object.keys(p.labels).sort();
    const { name, factor } = promName(p.name);
    if (!c) {
      const help = `Redline ${p.type} ${p.name}`;
      const config = { name, help, labelNames, registers: [this.registry] };
      c =
        p.type === 'histogram'
          ? {
              kind: 'histogram',
              m: new Histogram({ ...config, buckets: factor === 1 ? undefined : SECONDS_BUCKETS }),
              labels: labelNames,
            }
          : p.type === 'counter'
            ? { kind: 'counter', m: new Counter(config), labels: labelNames }
            : { kind: 'gauge', m: new Gauge(config), labels: labelNames };
      this.collectors.set(p.name, c);
    }
    if (labelNames.length !== c.labels.length || labelNames.some((l, i) => l !== c.labels[i])) return; // another label set
    const value = p.value * factor;
    if (c.kind === 'histogram') c.m.observe(p.labels, value);
    else if (c.kind === 'counter') c.m.inc(p.labels, value);
    else c.m.set(p.labels, value);
  }

  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
