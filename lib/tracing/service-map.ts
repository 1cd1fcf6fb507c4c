// Pure: the service map from spans — each service's requests (the spans that enter it: server and
// consumer spans, roots, and spans whose parent ran in another service) with rate, error rate and
// p95 per service and per operation, and an edge wherever a span's parent ran in another service,
// with the rate, error rate and p95 of the calls along it. Latency bands colour the map.
import { nearestRank } from './model';

export interface MapSpan {
  service: string;
  name: string;
  kind: number;
  durationUs: number;
  status: number;
  /** null for a root; the parent's service where the parent is stored */
  parentService: string | null;
  hasParent: boolean;
}

export interface Red {
  requests: number;
  ratePerSec: number;
  /** 0–1 */
  errorRate: number;
  /** null for a service seen only as a caller: none of its own requests were in what was read */
  p95Ms: number | null;
}

export interface MapNode extends Red {
  service: string;
  operations: (Red & { name: string })[];
}

export interface MapEdge extends Red {
  from: string;
  to: string;
}

export interface ServiceMap {
  nodes: MapNode[];
  edges: MapEdge[];
  /** services left off past MAX_SERVICES (the least busy) */
  omitted: number;
}

/** A map past this many services is not readable, and hostile service names must not grow it. */
export const MAX_SERVICES = 100;

export type LatencyBand = 'fast' | 'slow' | 'very slow' | 'unmeasured';

/** Under 100 ms fast (green), under 500 ms slow (yellow), above very slow (red); unmeasured: none. */
export const latencyBand = (p95Ms: number | null): LatencyBand =>
  p95Ms === null ? 'unmeasured' : p95Ms < 100 ? 'fast' : p95Ms < 500 ? 'slow' : 'very slow';

const SERVER = 2;
const CONSUMER = 5;

class Acc {
  durations: number[] = [];
  errors = 0;
  add(s: MapSpan) {
    this.durations.push(s.durationUs);
    if (s.status === 2) this.errors++;
  }
  red(seconds: number): Red {
    const d = this.durations.sort((a, b) => a - b);
    const p95 = nearestRank(d, 0.95);
    return {
      requests: d.length,
      ratePerSec: seconds > 0 ? d.length / seconds : 0,
      errorRate: d.length ? this.errors / d.length : 0,
      p95Ms: p95 === null ? null : p95 / 1000,
    };
  }
}

export function serviceMap(spans: readonly MapSpan[], seconds: number): ServiceMap {
  const services = new Map<string, { all: Acc; ops: Map<string, Acc> }>();
  const edges = new Map<string, { from: string; to: string; acc: Acc }>();
  const serviceOf = (name: string) => {
    let s = services.get(name);
    if (!s) {
      s = { all: new Acc(), ops: new Map() };
      services.set(name, s);
    }
    return s;
  };
  for (const s of spans) {
    const crossing = s.parentService !== null && s.parentService !== s.service;
    const entry = s.kind === SERVER || s.kind === CONSUMER || !s.hasParent || crossing;
    const node = serviceOf(s.service);
    if (entry) {
      node.all.add(s);
      let op = node.ops.get(s.name);
      if (!op) {
        op = new Acc();
        node.ops.set(s.name, op);
      }
      op.add(s);
    }
    if (crossing) {
      const from = s.parentService as string;
      serviceOf(from);
      const key = `${from}\u0000${s.service}`;
      let e = edges.get(key);
      if (!e) {
        e = { from, to: s.service, acc: new Acc() };
        edges.set(key, e);
      }
      e.acc.add(s);
    }
  }
  const nodes = [...services]
    .map(([service, s]) => ({
      service,
      ...s.all.red(seconds),
      operations: [...s.ops]
        .map(([name, acc]) => ({ name, ...acc.red(seconds) }))
        .sort((a, b) => b.requests - a.requests),
    }))
    .sort((a, b) => b.requests - a.requests || a.service.localeCompare(b.service));
  const kept = new Set(nodes.slice(0, MAX_SERVICES).map((n) => n.service));
  return {
    nodes: nodes.slice(0, MAX_SERVICES),
    edges: [...edges.values()]
      .filter((e) => kept.has(e.from) && kept.has(e.to))
      .map((e) => ({ from: e.from, to: e.to, ...e.acc.red(seconds) }))
      .sort((a, b) => b.requests - a.requests),
    omitted: Math.max(0, nodes.length - MAX_SERVICES),
  };
}

/**
 * Columns for drawing: a service's column is the longest chain of calls leading to it (callers
 * left, callees right); a cycle is cut where it closes.
 */
export function layers(map: ServiceMap): Map<string, number> {
  const out = new Map<string, number>();
  const incoming = new Map<string, string[]>();
  for (const e of map.edges) if (e.from !== e.to) incoming.set(e.to, [...(incoming.get(e.to) ?? []), e.from]);
  const depth = (s: string, path: Set<string>): number => {
    const known = out.get(s);
    if (known !== undefined) return known;
    let d = 0;
    for (const p of incoming.get(s) ?? []) if (!path.has(p)) d = Math.max(d, depth(p, new Set([...path, p])) + 1);
    out.set(s, d);
    return d;
  };
  for (const n of map.nodes) depth(n.service, new Set([n.service]));
  return out;
}
