// A Kubernetes Deployment as Redline's fleet: its pods are the instances (and the proxy's
// backends, at pod IP and port), their CPU and memory come from the metrics API, and scaling sets
// the Deployment's replicas through its scale subresource. Scaling down picks the pods to go (the
// newest), marks them with the lowest pod-deletion-cost so the ReplicaSet removes exactly those,
// and drains them at the proxy before the scale is written.
import type { KubeConfig } from '@kubernetes/client-node';
import { KubernetesProvider, type KubernetesTarget, type PodUsage, type PodView } from './kubernetes';
import type { InstanceInfo } from './provider';
import type { FleetProvider, InstanceUsage } from './provider';

export interface KubernetesFleetOptions {
  /** the pods' port when their spec declares none */
  port: number;
  onChange?: () => void;
}

/** A pod as an instance: terminating (or chosen to go) ones stop; ready ones run; pending or unready ones start. */
export function podInstance(p: PodView, port: number, leaving = false): InstanceInfo {
  const state =
    leaving || p.terminating
      ? 'stopping'
      : p.ready
        ? 'running'
        : p.phase === 'Failed'
          ? 'failed'
          : p.phase === 'Succeeded'
            ? 'stopped'
            : 'starting';
  return {
    id: p.id,
    pid: null,
    host: p.ip ?? '',
    port: p.port ?? port,
    state,
    startedAt: p.startedAt,
    restarts: p.restarts,
    lastExit: null,
    output: [],
    nextStartAt: null,
  };
}

/** The metrics API's usage as Redline measures it locally: CPU as % of one core, memory in bytes. */
export function podUsage(u: PodUsage | undefined): InstanceUsage | null {
  return u ? { cpuPct: u.cpuCores * 100, rssBytes: u.memoryBytes } : null;
}

export class KubernetesFleet implements FleetProvider {
  private readonly k: KubernetesProvider;
  private pods: PodView[] = [];
  private wanted = 0;
  /** pods chosen to go at the last scale-down (drained, marked), until the ReplicaSet removes them */
  private readonly leaving = new Set<string>();
  /** why the last reading failed (the API server away, no metrics-server), logged once */
  private readonly errors = { cluster: null as string | null, usage: null as string | null };

  constructor(
    readonly target: KubernetesTarget,
    private readonly options: KubernetesFleetOptions,
    kc?: KubeConfig,
  ) {
    this.k = new KubernetesProvider(target, kc);
  }

  get desired(): number {
    return this.wanted;
  }

  list(): InstanceInfo[] {
    return this.pods.map((p) => podInstance(p, this.options.port, this.leaving.has(p.id)));
  }

  readyIds(): Set<string> {
    return new Set(this.pods.filter((p) => p.ready && !p.terminating && !this.leaving.has(p.id)).map((p) => p.id));
  }

  /** The Deployment's replicas and pods; fails when the API server cannot be reached (the fleet does not start). */
  async refresh(): Promise<void> {
    const scale = await this.k.scale();
    const pods = await this.k.pods(scale.selector);
    const changed =
      JSON.stringify(pods.map((p) => [p.id, p.ready, p.ip, p.port])) !==
      JSON.stringify(this.pods.map((p) => [p.id, p.ready, p.ip, p.port]));
    this.wanted = scale.desired;
    this.pods = pods;
    for (const id of this.leaving) if (!pods.some((p) => p.id === id)) this.leaving.delete(id);
    if (changed) this.options.onChange?.();
  }

  /** Pods and their usage afresh; while the API server cannot be reached, the last known pods and no usage. */
  async sample(): Promise<Map<string, InstanceUsage>> {
    const out = new Map<string, InstanceUsage>();
    if (
      !(await this.attempt(
        'cluster',
        () => this.refresh(),
        'the Kubernetes API server did not answer; keeping the last known pods',
      ))
    )
      return out;
    await this.attempt(
      'usage',
      async () => {
        const usage = await this.k.usage();
        for (const p of this.pods) {
          const u = podUsage(usage.get(p.id));
          if (u) out.set(p.id, u);
        }
      },
      'no pod metrics from metrics.k8s.io; CPU and memory policies have no readings',
    );
    return out;
  }

  /** Runs a reading, logging a failure once per distinct message (not every 2 s). */
  private async attempt(kind: 'cluster' | 'usage', fn: () => Promise<void>, what: string): Promise<boolean> {
    try {
      await fn();
      this.errors[kind] = null;
      return true;
    } catch (e) {
      const msg = (e as Error).message;
      if (msg !== this.errors[kind]) console.warn(`[fleet] ${what} (${msg})`);
      this.errors[kind] = msg;
      return false;
    }
  }

  async scaleTo(n: number, beforeStop?: (id: string) => Promise<void>): Promise<void> {
    await this.refresh();
    if (n < this.pods.length) {
      const victims = [...this.pods]
        .sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0))
        .slice(0, this.pods.length - n);
      for (const v of victims) {
        await this.k.markForRemoval(v.id);
        this.leaving.add(v.id);
      }
      await Promise.all(victims.map((v) => beforeStop?.(v.id)));
    }
    try {
      await this.k.scaleTo(n);
    } catch (e) {
      // Refused (a conflict, RBAC): the chosen pods stay and serve again; their cost only makes them go first later.
      this.leaving.clear();
      this.options.onChange?.();
      throw e;
    }
    this.wanted = n;
    await this.refresh();
  }

  async close(): Promise<void> {
    // The Deployment and its pods belong to the cluster: they stay as they are.
  }
}
