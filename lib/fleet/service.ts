// The fleet as the product runs it: on the one Redline instance holding the fleet lease, the
// provider's instances (local processes, the sample service by default, or a Kubernetes
// Deployment's pods) behind the proxy on its own port, every instance and backend sampled every
// 2 s (CPU and memory from /proc or the metrics API, rate and latency from the proxy) into the
// metrics store and the autoscaler, which acts through the provider. Operator
// commands arrive here directly or, from the other instances, over the store's pub/sub; the
// other instances read the snapshot this one publishes. The proxy itself runs in a thread of its
// own (lib/lb/thread.ts); this side keeps a mirror of its backends and its latest report.
import { FleetLease } from './lease';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { config } from '../config';
import { db } from '../db';
import { backendSpecSchema, type BackendSpec } from '../lb/backend';
import { healthCheckSchema } from '../lb/health';
import { defaultProxyOptions } from '../lb/proxy';
import { ProxyThread } from '../lb/remote';
import { metrics } from '../metrics';
import { runAs } from '../observability/context';
import { store } from '../redis';
import type { Decision } from '../scaling/decide';
import { Autoscaler, type DecisionRecord } from '../scaling/engine';
import { type LbConfig, loadLbConfig, loadScalingConfig } from '../scaling/store';
import { liveSetting } from '../settings/live';
import { defaultLocalOptions, type FleetCommand, LocalProvider } from './local-provider';
import type { FleetProvider, InstanceUsage } from './provider';
import { backendView, type FleetSnapshot } from './views';
import { peek, put, slot } from '../process/registry';
import { continuousIntervalUs, instanceTarget, PROXY, profilerSink } from '../profiling/continuous';

/** the fleet service when this instance holds the fleet lease */
export const FLEET = slot<FleetService | null>('fleet');
/** this instance's campaign for the fleet lease (its state feeds /api/health) */
export const FLEET_LEASE = slot<FleetLease>('fleetLease');

export const OWNER_KEY = 'fleet:owner';
export const SNAPSHOT_KEY = 'fleet:snapshot';
const LEASE_MS = 15_000;
/** how often instances and the proxy are sampled and the autoscaler evaluates */
const SAMPLE_MS = 2_000;

export function fleetCommand(): FleetCommand {
  const env = config();
  const [command, ...args] = env.FLEET_COMMAND ?? [process.execPath, path.resolve('fleet/sample-service.mjs')];
  return {
    command: command as string,
    args,
    cwd: env.FLEET_CWD,
    env: {},
    healthPath: env.LOAD_BALANCER_HEALTH_CHECK_PATH,
  };
}

export function proxyPort(): number {
  const env = config();
  return env.LB_PROXY_PORT ?? env.PORT + 80;
}

export class FleetService {
  provider!: FleetProvider;
  lb!: ProxyThread;
  autoscaler!: Autoscaler;
  lbConfig!: LbConfig;
  private manual = new Set<string>();
  /** each instance's CPU and memory at the last tick */
  private usage = new Map<string, InstanceUsage>();
  /** each backend's answers by status class at the last tick */
  private readonly counted = new Map<string, number[]>();
  private timers: NodeJS.Timeout[] = [];
  private port = 0;
  private stopping = false;

  constructor(readonly owner: string) {}

  async start(): Promise<void> {
    const env = config();
    this.lbConfig = await loadLbConfig(db());
    const cmd = fleetCommand();
    const kube =
      env.FLEET_PROVIDER === 'kubernetes' && env.FLEET_K8S_DEPLOYMENT
        ? { namespace: env.FLEET_K8S_NAMESPACE, deployment: env.FLEET_K8S_DEPLOYMENT }
        : null;
    if (kube) {
      // The Kubernetes client is loaded only for a Kubernetes fleet (it costs ~100 MB of memory).
      const { KubernetesFleet } = await import('./kubernetes-fleet');
      const k = new KubernetesFleet(kube, { port: env.FLEET_K8S_PORT, onChange: () => this.syncBackends() });
      await k.refresh(); // an API server that cannot be reached: the fleet does not start (tried again with back-off)
      this.provider = k;
    } else {
      const local = new LocalProvider(
        { ...cmd, healthPath: this.lbConfig.healthCheck.path },
        {
          ...defaultLocalOptions(path.resolve(env.FLEET_STATE_FILE)),
          onChange: () => this.syncBackends(),
          // Node instances carry the profiling agent: their minutes and memory go to the profiler.
          continuousProfileUs: continuousIntervalUs(),
          onAgentPush: (id, msg) => {
            const sink = profilerSink();
            if (msg.push === 'minute') sink?.minute(instanceTarget(id), msg.minute, msg.profile);
            else sink?.memory(instanceTarget(id), msg);
          },
        },
      );
      const orphans = local.cleanupOrphans();
      if (orphans.length)
        console.log(
          `[fleet] stopped ${orphans.length} instances a previous run left behind (pids ${orphans.join(', ')})`,
        );
      this.provider = local;
    }
    this.lb = new ProxyThread(
      {
        ...defaultProxyOptions(),
        algorithm: liveSetting('loadBalancer.algorithm'),
        healthCheck: this.lbConfig.healthCheck,
        healthChecksEnabled: env.LOAD_BALANCER_HEALTH_CHECK_ENABLED,
        sticky: this.lbConfig.sticky,
        split: this.lbConfig.split,
      },
      // Nothing per request reaches the metrics store: the proxy counts and sketches in memory and
      // the 2 s tick records rates, latency and answers by status class (the hot path stays lean).
      {
        health: (backend, status, detail) =>
          console.log(`[fleet] backend ${backend} is ${status}${detail ? ` (${detail})` : ''}`),
        profiler: (m) => {
          if (m.kind === 'minute') profilerSink()?.minute(PROXY, m.minute, m.profile);
          else profilerSink()?.memory(PROXY, m);
        },
      },
    );
    this.port = await this.lb.listen(proxyPort(), env.HOST);
    if (continuousIntervalUs()) this.lb.continuous(continuousIntervalUs());
    for (const s of await db().lbServer.findMany()) {
      this.manual.add(s.id);
      this.lb.upsert(backendSpecSchema.parse({ ...s, region: s.region ?? undefined }));
    }
    this.autoscaler = new Autoscaler(db, {
      desired: () => this.provider.desired,
      instanceIds: () => this.provider.list().map((i) => i.id),
      // Kubernetes says when a pod is ready; local instances serve once the proxy's checks pass.
      servingIds: () =>
        this.provider.readyIds() ?? new Set([...this.lb.backends.keys()].filter((id) => this.lb.eligible(id))),
      scaleTo: (n) => this.scaleTo(n),
    });
    if (kube) {
      // The Deployment keeps its replicas until the autoscaler (within min/max) or an operator changes them.
      this.autoscaler.seed(Date.now(), this.provider.desired);
      this.syncBackends();
      console.log(
        `[fleet] proxy on http://${env.HOST}:${this.port}, in front of Deployment ${kube.namespace}/${kube.deployment} (${this.provider.desired} replicas)`,
      );
    } else {
      const scaling = await loadScalingConfig(db());
      const initial = Math.min(scaling.maxInstances, Math.max(scaling.minInstances, env.FLEET_INITIAL_INSTANCES));
      this.autoscaler.seed(Date.now(), initial);
      void this.scaleTo(initial).catch((e: Error) => console.error(`[fleet] start: ${e.message}`));
      console.log(
        `[fleet] proxy on http://${env.HOST}:${this.port}, starting ${initial} instances of ${cmd.command} ${cmd.args.join(' ')}`,
      );
    }
    const every = (ms: number, fn: () => Promise<unknown>) => {
      const t = setInterval(
        () =>
          void runAs({ route: '(fleet)', internal: true }, fn).catch((e: Error) =>
            console.error(`[fleet] ${e.message}`),
          ),
        ms,
      );
      t.unref();
      this.timers.push(t);
    };
    every(SAMPLE_MS, () => this.tick());
    every(2_000, () => this.publish());
  }

  /** Stops instances (after draining them at the proxy) or starts new ones. */
  async scaleTo(n: number): Promise<void> {
    await this.provider.scaleTo(n, async (id) => {
      await this.lb.drain(id, 10_000);
      this.lb.remove(id);
    });
    this.syncBackends();
  }

  /** Every instance the provider runs is a backend (same id and port across restarts). */
  syncBackends(): void {
    if (!this.lb || this.stopping) return;
    const live = new Set<string>();
    for (const i of this.provider.list()) {
      // (a pod without an IP yet has nowhere to send traffic)
      if (i.state === 'stopped' || i.state === 'stopping' || i.host === '') continue;
      live.add(i.id);
      const o = this.lbConfig.overrides[i.id] ?? {};
      const known = this.lb.backends.get(i.id);
      this.lb.upsert(
        backendSpecSchema.parse({
          id: i.id,
          host: i.host ?? '127.0.0.1',
          port: i.port,
          weight: o.weight ?? known?.spec.weight ?? 1,
          pool: o.pool ?? known?.spec.pool ?? 'stable',
          enabled: o.enabled ?? known?.spec.enabled ?? true,
        }),
      );
    }
    for (const id of this.lb.backends.keys())
      if (!live.has(id) && !this.manual.has(id) && !this.lb.backends.get(id)?.draining) this.lb.remove(id);
  }

  private async tick(): Promise<void> {
    const now = Date.now();
    const m = metrics();
    if (this.lb.options.algorithm !== liveSetting('loadBalancer.algorithm'))
      this.lb.setAlgorithm(liveSetting('loadBalancer.algorithm'));
    // Instances: CPU (% of one core) and memory, from /proc or the metrics API.
    this.usage = await this.provider.sample(now);
    const instances = this.provider.list();
    const cpus: number[] = [];
    const mems: number[] = [];
    const scaling = await loadScalingConfig(db());
    for (const i of instances) {
      const u = this.usage.get(i.id);
      if (!u || i.state !== 'running') continue;
      if (u.cpuPct !== null) {
        cpus.push(u.cpuPct);
        m.gauge('fleet_instance_cpu_pct', u.cpuPct, { instance: i.id });
      }
      mems.push((u.rssBytes / (scaling.memoryLimitMb * 1_048_576)) * 100);
      m.gauge('fleet_instance_memory_bytes', u.rssBytes, { instance: i.id });
    }
    const running = instances.filter((i) => i.state === 'running').length;
    m.gauge('fleet_instances', running, { state: 'running' });
    m.gauge('fleet_instances', this.provider.desired, { state: 'desired' });
    // The proxy: rate, latency, health per backend and in all.
    const t = this.lb.totals; // as the proxy thread last reported them (every 0.5 s)
    m.gauge('lb_requests_per_second', t.rps);
    if (t.p95 !== null) m.gauge('lb_latency_p95_ms', t.p95);
    for (const { spec, report: r } of this.lb.backends.values()) {
      if (!r) continue;
      m.gauge('lb_backend_up', r.health.status === 'up' ? 1 : 0, { backend: spec.id });
      m.gauge('lb_backend_requests_per_second', r.rps, { backend: spec.id });
      // Answers by status class since the last tick, as counter increments.
      const seen = this.counted.get(spec.id) ?? [0, 0, 0, 0, 0, 0];
      r.byClass.forEach((n, cls) => {
        if (n > (seen[cls] ?? 0))
          m.counter('lb_responses_total', n - (seen[cls] ?? 0), { status: cls === 0 ? 'none' : `${cls}xx` });
      });
      this.counted.set(spec.id, [...r.byClass]);
    }
    for (const id of this.counted.keys()) if (!this.lb.backends.has(id)) this.counted.delete(id);
    // The autoscaler's readings, then its evaluation.
    if (cpus.length) this.autoscaler.observe('cpu', now, cpus.reduce((a, b) => a + b, 0) / cpus.length);
    if (mems.length) this.autoscaler.observe('memory', now, mems.reduce((a, b) => a + b, 0) / mems.length);
    if (running) this.autoscaler.observe('requestRate', now, t.rps / Math.max(1, t.healthy));
    if (t.p95 !== null) this.autoscaler.observe('responseTime', now, t.p95);
    await this.autoscaler.evaluate(now, scaling);
  }

  snapshot(): FleetSnapshot {
    const now = Date.now();
    const env = config();
    return {
      owner: this.owner,
      provider: env.FLEET_PROVIDER,
      at: now,
      proxy: {
        url: `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${this.port}`,
        algorithm: this.lb.options.algorithm,
        lb: this.lbConfig,
      },
      desired: this.provider.desired,
      instances: this.provider.list().map((i) => ({
        ...i,
        cpuPct: this.usage.get(i.id)?.cpuPct ?? null,
        rssBytes: this.usage.get(i.id)?.rssBytes ?? null,
      })),
      backends: [...this.lb.backends.values()].map((b) =>
        backendView(b, this.manual.has(b.spec.id) ? 'manual' : 'fleet'),
      ),
      totals: this.lb.totals,
      autoscaler: {
        last: this.autoscaler.last,
        latest: Object.fromEntries(
          [...this.autoscaler.readings].flatMap(([k, list]) =>
            list.length ? [[k, list[list.length - 1] as { t: number; v: number }]] : [],
          ),
        ),
      },
    };
  }

  private async publish(): Promise<void> {
    await store().set(SNAPSHOT_KEY, JSON.stringify(this.snapshot()), 10_000);
  }

  /** Applies a changed load-balancer configuration to the running proxy. */
  applyLbConfig(next: LbConfig): void {
    this.lbConfig = next;
    this.lb.configure({
      sticky: next.sticky,
      split: next.split,
      healthCheck: healthCheckSchema.parse(next.healthCheck),
    });
    this.syncBackends();
  }

  addManual(spec: BackendSpec): void {
    this.manual.add(spec.id);
    this.lb.upsert(spec);
  }

  removeManual(id: string): void {
    this.manual.delete(id);
    this.lb.remove(id);
  }

  /** A manual scaling action, recorded like the autoscaler's. */
  async manualScale(n: number, by: string, note: string): Promise<DecisionRecord> {
    const before = this.provider.desired;
    const d: Decision = {
      at: Date.now(),
      before,
      recommended: n,
      after: n,
      direction: n > before ? 'up' : n < before ? 'down' : 'none',
      policies: [],
      limits: [],
      summary: `Manual: ${before} → ${n} by ${by}${note ? ` (${note})` : ''}`,
    };
    return this.autoscaler.act(d, 'manual', by);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const t of this.timers) clearInterval(t);
    await this.lb?.close();
    await this.provider?.close();
    await store()
      .del(SNAPSHOT_KEY)
      .catch(() => undefined);
  }
}

/** The fleet service when this instance owns the fleet; null otherwise. */
export const localFleet = (): FleetService | null => peek(FLEET) ?? null;

/**
 * Campaigns for the fleet lease (lease.ts): the holder runs the fleet and renews; the others retry,
 * so the fleet moves to another instance when its holder stops or stalls past the lease. Returns a
 * stop function.
 */
export async function startFleet(instanceId: string): Promise<() => Promise<void>> {
  const env = config();
  if (!env.LOAD_BALANCER_ENABLED || env.FLEET_PROVIDER === 'none') return async () => undefined;
  let service: FleetService | null = null;
  const stopService = async () => {
    const s = service;
    service = null;
    put(FLEET, null);
    await s?.stop().catch(() => undefined);
  };
  // A start that fails (the proxy's port taken, say) is tried again after a back-off that doubles
  // up to 5 minutes, not every 5 s.
  let failures = 0;
  let nextTry = 0;
  const lease = new FleetLease(store(), OWNER_KEY, `${instanceId}:${randomUUID().slice(0, 8)}`, LEASE_MS, {
    gained: async () => {
      service = new FleetService(instanceId);
      put(FLEET, service);
      try {
        await service.start();
        failures = 0;
      } catch (e) {
        failures++;
        const wait = Math.min(300_000, 5_000 * 2 ** (failures - 1));
        nextTry = Date.now() + wait;
        console.error(`[fleet] could not start: ${(e as Error).message}; trying again in ${Math.round(wait / 1000)} s`);
        await stopService();
        throw e;
      }
    },
    lost: stopService,
    log: (line) => console.warn(line),
  });
  put(FLEET_LEASE, lease);
  const campaign = async () => {
    if (lease.state === 'free' && Date.now() < nextTry) return;
    await lease.tick().catch(() => undefined); // a failed start is logged and backed off above
  };
  await campaign();
  const timer = setInterval(() => void campaign(), 5_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await stopService();
    await lease.release();
    put(FLEET_LEASE, undefined);
  };
}
