// What the fleet service needs of a provider, local processes or a Kubernetes Deployment.
import type { InstanceInfo } from './local-provider';
import type { AgentChannel } from './profiler-channel';

/** An instance's CPU (% of one core) and memory (bytes), as its provider measures them. */
export interface InstanceUsage {
  cpuPct: number | null;
  rssBytes: number;
}

export interface FleetProvider {
  /** instances wanted now (the Deployment's spec.replicas) */
  readonly desired: number;
  list(): InstanceInfo[];
  /** Adds instances up to `n`, or removes down to `n`, calling `beforeStop` (a drain) for each one removed first. */
  scaleTo(n: number, beforeStop?: (id: string) => Promise<void>): Promise<void>;
  /** Reads instances and their usage afresh (every fleet tick). */
  sample(now: number): Promise<Map<string, InstanceUsage>>;
  /** ids of instances ready for traffic by the provider's own account (null: the proxy's health checks decide) */
  readyIds(): Set<string> | null;
  close(): Promise<void>;
  /** the profiling agent of an instance, or why it has none; absent: this provider's instances have none */
  agent?(id: string): { agent: AgentChannel } | { reason: string };
}
