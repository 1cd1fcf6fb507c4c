// What the console sees of the fleet: a snapshot the owning instance builds (and shares through
// the store for the others), with every figure measured by the proxy, /proc or the provider.
import type { Backend } from '../lb/backend';
import type { HealthEvent } from '../lb/backend';
import type { Transition } from '../lb/breaker';
import type { Decision, Sample } from '../scaling/decide';
import type { LbConfig } from '../scaling/store';
import type { InstanceInfo } from './local-provider';

export interface BackendView {
  id: string;
  source: 'fleet' | 'manual';
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
}

export interface InstanceView extends InstanceInfo {
  cpuPct: number | null;
  rssBytes: number | null;
}

export interface FleetSnapshot {
  owner: string;
  provider: string;
  at: number;
  proxy: { url: string; algorithm: string; lb: LbConfig };
  desired: number;
  instances: InstanceView[];
  backends: BackendView[];
  totals: { rps: number; active: number; requests: number; errors: number; p50: number | null; p95: number | null; healthy: number };
  /** the autoscaler's last evaluation and latest reading per metric */
  autoscaler: { last: Decision | null; latest: Record<string, Sample> };
}

export function backendView(b: Backend, source: 'fleet' | 'manual', now: number): BackendView {
  const l = b.latency();
  return {
    id: b.spec.id,
    source,
    host: b.spec.host,
    port: b.spec.port,
    weight: b.spec.weight,
    pool: b.spec.pool,
    region: b.spec.region ?? null,
    enabled: b.spec.enabled,
    draining: b.draining,
    maxConnections: b.spec.maxConnections,
    health: { status: b.health.status, since: b.health.since, lastError: b.health.lastError ?? null, lastLatencyMs: b.health.lastLatencyMs ?? null },
    ejectedUntil: b.passive.ejectedUntil > now ? b.passive.ejectedUntil : null,
    breaker: { state: b.breaker.share(now) === 1 ? 'closed' : b.breaker.state, transitions: b.breaker.transitions.slice(-20) },
    active: b.active,
    rps: Math.round(b.rate(now) * 10) / 10,
    p50: l.p50,
    p95: l.p95,
    requests: b.requests,
    errors: b.errors,
    history: b.history.slice(-30),
  };
}
