// What the proxy tells the rest of Redline about its backends: a plain, cloneable report built
// where the proxy runs (its own thread) and read by the fleet service and the console.
import { DDSketch } from '@datadog/sketches-js';
import type { Backend, HealthEvent } from './backend';
import type { Transition } from './breaker';

export interface BackendReport {
  id: string;
  host: string;
  port: number;
  weight: number;
  pool: string;
  region: string | null;
  enabled: boolean;
  draining: boolean;
  maxConnections: number;
  health: { status: string; since: number; lastError: string | null; lastLatencyMs: number | null };
  ejectedUntil: number | null;
  breaker: { state: string; transitions: Transition[] };
  active: number;
  rps: number;
  p50: number | null;
  p95: number | null;
  requests: number;
  errors: number;
  history: HealthEvent[];
  /** answers by status class (2xx … 5xx; index 0: no answer), counted since the proxy started */
  byClass: number[];
  /** takes new requests now (enabled, not draining, healthy, not ejected) */
  eligible: boolean;
}

export interface ProxyTotals {
  rps: number;
  active: number;
  requests: number;
  errors: number;
  p50: number | null;
  p95: number | null;
  healthy: number;
}

export interface ProxyReport {
  at: number;
  backends: BackendReport[];
  totals: ProxyTotals;
}

export const EMPTY_TOTALS: ProxyTotals = {
  rps: 0,
  active: 0,
  requests: 0,
  errors: 0,
  p50: null,
  p95: null,
  healthy: 0,
};

function backendReport(b: Backend, now: number, checksOn: boolean): BackendReport {
  const l = b.latency();
  return {
    id: b.spec.id,
    host: b.spec.host,
    port: b.spec.port,
    weight: b.spec.weight,
    pool: b.spec.pool,
    region: b.spec.region ?? null,
    enabled: b.spec.enabled,
    draining: b.draining,
    maxConnections: b.spec.maxConnections,
    health: {
      status: b.health.status,
      since: b.health.since,
      lastError: b.health.lastError ?? null,
      lastLatencyMs: b.health.lastLatencyMs ?? null,
    },
    ejectedUntil: b.passive.ejectedUntil > now ? b.passive.ejectedUntil : null,
    breaker: {
      state: b.breaker.share(now) === 1 ? 'closed' : b.breaker.state,
      transitions: b.breaker.transitions.slice(-20),
    },
    active: b.active,
    rps: Math.round(b.rate(now) * 10) / 10,
    p50: l.p50,
    p95: l.p95,
    requests: b.requests,
    errors: b.errors,
    history: b.history.slice(-30),
    byClass: [...b.byClass],
    eligible: b.eligible(now, checksOn),
  };
}

/** Every backend's report, and the proxy's totals (percentiles from the merged sketches). */
export function proxyReport(backends: Iterable<Backend>, now: number, checksOn: boolean): ProxyReport {
  const merged = new DDSketch({ relativeAccuracy: 0.01 });
  const list: BackendReport[] = [];
  let rps = 0;
  let active = 0;
  let requests = 0;
  let errors = 0;
  let healthy = 0;
  for (const b of backends) {
    const r = backendReport(b, now, checksOn);
    list.push(r);
    rps += b.rate(now);
    active += b.active;
    requests += b.requests;
    errors += b.errors;
    if (b.health.status === 'up' && b.spec.enabled) healthy++;
    b.sketch(merged);
  }
  const q = (x: number) => (merged.count ? (merged.getValueAtQuantile(x) ?? null) : null);
  return {
    at: now,
    backends: list,
    totals: { rps: Math.round(rps * 10) / 10, active, requests, errors, p50: q(0.5), p95: q(0.95), healthy },
  };
}
