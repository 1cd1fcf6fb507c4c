// What the console sees of the fleet: a snapshot the owning instance builds (and shares through
// the store for the others), with every figure measured by the proxy, /proc or the provider.
import type { RemoteBackend } from '../lb/remote';
import type { BackendReport } from '../lb/report';
import type { Decision, Sample } from '../scaling/decide';
import type { LbConfig } from '../scaling/store';
import type { InstanceInfo } from './local-provider';

export type BackendView = Omit<BackendReport, 'byClass' | 'eligible'> & { source: 'fleet' | 'manual' };

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
  totals: {
    rps: number;
    active: number;
    requests: number;
    errors: number;
    p50: number | null;
    p95: number | null;
    healthy: number;
  };
  /** the autoscaler's last evaluation and latest reading per metric */
  autoscaler: { last: Decision | null; latest: Record<string, Sample> };
}

/** A backend as the console shows it: its configuration now, its state as the proxy last reported it. */
export function backendView(b: RemoteBackend, source: 'fleet' | 'manual'): BackendView {
  const r = b.report;
  const spec = b.spec;
  return {
    id: spec.id,
    source,
    host: spec.host,
    port: spec.port,
    weight: spec.weight,
    pool: spec.pool,
    region: spec.region ?? null,
    enabled: spec.enabled,
    draining: b.draining,
    maxConnections: spec.maxConnections,
    health: r?.health ?? { status: 'unknown', since: 0, lastError: null, lastLatencyMs: null },
    ejectedUntil: r?.ejectedUntil ?? null,
    breaker: r?.breaker ?? { state: 'closed', transitions: [] },
    active: r?.active ?? 0,
    rps: r?.rps ?? 0,
    p50: r?.p50 ?? null,
    p95: r?.p95 ?? null,
    requests: r?.requests ?? 0,
    errors: r?.errors ?? 0,
    history: r?.history ?? [],
  };
}
