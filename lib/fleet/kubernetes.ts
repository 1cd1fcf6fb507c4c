// The Kubernetes provider: scales a Deployment through its scale subresource with the official
// client (@kubernetes/client-node), lists its pods as instances, and renders the
// HorizontalPodAutoscaler (autoscaling/v2) that comes closest to a Redline configuration, for
// teams that would rather let the cluster do it.
import {
  AppsV1Api,
  CoreV1Api,
  dumpYaml,
  KubeConfig,
  Metrics,
  PatchStrategy,
  setHeaderOptions,
  type V1Pod,
} from '@kubernetes/client-node';
import { quantity } from './quantity';
import type { Policy, ScalingConfig } from '../scaling/policy';

export interface KubernetesTarget {
  namespace: string;
  deployment: string;
}

export interface PodView {
  id: string;
  ip: string | null;
  phase: string;
  ready: boolean;
  restarts: number;
  startedAt: number | null;
  /** the first container port the pod declares, if any */
  port: number | null;
  /** being deleted (metadata.deletionTimestamp is set) */
  terminating: boolean;
}

/** A pod's usage as the metrics API (metrics-server) reports it, summed over its containers. */
export interface PodUsage {
  cpuCores: number;
  memoryBytes: number;
}

/** Pods a ReplicaSet deletes first when it scales down have the lowest cost (Kubernetes ≥ 1.22). */
export const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

export class KubernetesProvider {
  private readonly apps: AppsV1Api;
  private readonly core: CoreV1Api;
  private readonly metrics: Metrics;

  constructor(
    readonly target: KubernetesTarget,
    kc: KubeConfig = defaultKubeConfig(),
  ) {
    this.apps = kc.makeApiClient(AppsV1Api);
    this.core = kc.makeApiClient(CoreV1Api);
    this.metrics = new Metrics(kc);
  }

  /** Desired and current replicas, and the label selector of its pods. */
  async scale(): Promise<{ desired: number; current: number; selector: string | null }> {
    const s = await this.apps.readNamespacedDeploymentScale({
      name: this.target.deployment,
      namespace: this.target.namespace,
    });
    return { desired: s.spec?.replicas ?? 0, current: s.status?.replicas ?? 0, selector: s.status?.selector ?? null };
  }

  /** Sets spec.replicas through the scale subresource (read, then replace with its resourceVersion). */
  async scaleTo(n: number): Promise<void> {
    const { deployment: name, namespace } = this.target;
    const s = await this.apps.readNamespacedDeploymentScale({ name, namespace });
    await this.apps.replaceNamespacedDeploymentScale({
      name,
      namespace,
      body: {
        apiVersion: 'autoscaling/v1',
        kind: 'Scale',
        metadata: { name, namespace, resourceVersion: s.metadata?.resourceVersion },
        spec: { replicas: n },
      },
    });
  }

  /** The Deployment's pods, by its selector (read from the scale when not given). */
  async pods(selector?: string | null): Promise<PodView[]> {
    selector ??= (await this.scale()).selector;
    if (!selector) return [];
    const list = await this.core.listNamespacedPod({ namespace: this.target.namespace, labelSelector: selector });
    return list.items.map(podView);
  }

  /** CPU and memory per pod from metrics.k8s.io (the metrics-server), by pod name. */
  async usage(): Promise<Map<string, PodUsage>> {
    const list = await this.metrics.getPodMetrics(this.target.namespace);
    const out = new Map<string, PodUsage>();
    for (const p of list.items) {
      let cpuCores = 0;
      let memoryBytes = 0;
      for (const c of p.containers) {
        cpuCores += quantity(c.usage.cpu);
        memoryBytes += quantity(c.usage.memory);
      }
      out.set(p.metadata.name, { cpuCores, memoryBytes });
    }
    return out;
  }

  /**
   * Marks a pod to go first when the Deployment scales down (a merge patch of its deletion cost), so
   * the pod Redline drained is the one removed.
   */
  async markForRemoval(pod: string): Promise<void> {
    await this.core.patchNamespacedPod(
      {
        name: pod,
        namespace: this.target.namespace,
        body: { metadata: { annotations: { [DELETION_COST]: '-1000' } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  }
}

function podView(p: V1Pod): PodView {
  const statuses = p.status?.containerStatuses ?? [];
  return {
    id: p.metadata?.name ?? '?',
    ip: p.status?.podIP ?? null,
    phase: p.status?.phase ?? 'Unknown',
    ready: (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
    restarts: statuses.reduce((n, c) => n + (c.restartCount ?? 0), 0),
    startedAt: p.status?.startTime ? new Date(p.status.startTime).getTime() : null,
    port: p.spec?.containers?.flatMap((c) => c.ports ?? [])[0]?.containerPort ?? null,
    terminating: Boolean(p.metadata?.deletionTimestamp),
  };
}

/** KUBECONFIG, ~/.kube/config or the in-cluster service account, as kubectl finds them. */
export function defaultKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  return kc;
}

type HpaMetric = Record<string, unknown>;

/** One policy as an HPA metric, or why it has none. */
function hpaMetric(p: Policy): { metric?: HpaMetric; note?: string } {
  const target = p.kind === 'target' ? p.target : p.steps.find((s) => s.comparator === '>=')?.threshold;
  if (target === undefined) return { note: `${p.id}: no scale-up threshold to target` };
  switch (p.metric) {
    case 'cpu':
      return {
        metric: {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: Math.round(target) } },
        },
        note: `${p.id}: Redline measures % of one core; the HPA measures % of the pods' CPU request (equal when the request is 1 core)`,
      };
    case 'memory':
      return {
        metric: {
          type: 'Resource',
          resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: Math.round(target) } },
        },
      };
    case 'requestRate':
      return {
        metric: {
          type: 'Pods',
          pods: {
            metric: { name: 'http_requests_per_second' },
            target: { type: 'AverageValue', averageValue: String(target) },
          },
        },
        note: `${p.id}: needs a custom-metrics adapter serving http_requests_per_second per pod`,
      };
    case 'responseTime':
      return {
        metric: {
          type: 'Pods',
          pods: {
            metric: { name: 'http_request_duration_p95_ms' },
            target: { type: 'AverageValue', averageValue: String(target) },
          },
        },
        note: `${p.id}: needs a custom-metrics adapter serving http_request_duration_p95_ms`,
      };
    case 'dbConnections':
      return {
        metric: {
          type: 'External',
          external: { metric: { name: 'db_pool_connections' }, target: { type: 'Value', value: String(target) } },
        },
        note: `${p.id}: needs an external-metrics adapter`,
      };
    case 'custom':
      return {
        metric: {
          type: 'Pods',
          pods: { metric: { name: p.customMetric }, target: { type: 'AverageValue', averageValue: String(target) } },
        },
        note: `${p.id}: needs a custom-metrics adapter serving ${p.customMetric}`,
      };
  }
}

/** The HorizontalPodAutoscaler (autoscaling/v2) closest to the configuration, as YAML, with what does not carry over. */
export function hpaManifest(config: ScalingConfig, target: KubernetesTarget): { yaml: string; notes: string[] } {
  const notes: string[] = [];
  const metrics: HpaMetric[] = [];
  for (const p of config.policies.filter((x) => x.enabled)) {
    const m = hpaMetric(p);
    if (m.metric) metrics.push(m.metric);
    if (m.note) notes.push(m.note);
    if (p.kind === 'step')
      notes.push(
        `${p.id}: step policies become a utilization target at their scale-up threshold; their step sizes map to behavior.scaleUp below`,
      );
  }
  // Step sizes: the largest scale-up step as a Percent (multiply) or Pods (add) policy per window.
  const upSteps = config.policies.flatMap((p) =>
    p.enabled && p.kind === 'step' ? p.steps.filter((s) => s.comparator === '>=') : [],
  );
  const scaleUpPolicies = upSteps.length
    ? upSteps.map((s) =>
        s.change.type === 'multiply'
          ? {
              type: 'Percent',
              value: Math.round((s.change.value - 1) * 100),
              periodSeconds: Math.max(15, Math.round(s.forMs / 1000)),
            }
          : {
              type: 'Pods',
              value: Math.max(1, s.change.type === 'add' ? s.change.value : config.maxStepUp),
              periodSeconds: Math.max(15, Math.round(s.forMs / 1000)),
            },
      )
    : [
        {
          type: 'Pods',
          value: config.maxStepUp,
          periodSeconds: Math.max(15, Math.round(config.scaleUpCooldownMs / 1000)),
        },
      ];
  if (config.schedules.length)
    notes.push('schedules have no HPA equivalent: use a CronJob that patches minReplicas, or keep Redline acting');
  const manifest = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {
      name: target.deployment,
      namespace: target.namespace,
      labels: { 'app.kubernetes.io/managed-by': 'redline' },
    },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target.deployment },
      minReplicas: Math.max(1, config.minInstances),
      maxReplicas: config.maxInstances,
      metrics,
      behavior: {
        scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: scaleUpPolicies },
        scaleDown: {
          stabilizationWindowSeconds: Math.round(config.stabilizationMs / 1000),
          selectPolicy: 'Max',
          policies: [
            { type: 'Percent', value: 100, periodSeconds: Math.max(15, Math.round(config.scaleDownCooldownMs / 1000)) },
          ],
        },
      },
    },
  };
  if (config.minInstances === 0)
    notes.push('minReplicas is at least 1 (scale to zero needs the HPAScaleToZero feature gate)');
  return { yaml: dumpYaml(manifest), notes };
}
