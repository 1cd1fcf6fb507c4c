// What the fleet service needs of a provider, local processes or a Kubernetes Deployment.
import type { AgentChannel } from './profiler-channel';

/** An instance of the fleet, as a provider lists it. */
export type InstanceState = 'starting' | 'running' | 'stopping' | 'stopped' | 'backoff' | 'failed';

export interface InstanceInfo {
  id: string;
  pid: number | null;
  /** where it listens: 127.0.0.1 for local processes, the pod IP for Kubernetes pods */
  host?: string;
  port: number;
  state: InstanceState;
  startedAt: number | null;
  restarts: number;
  lastExit: { code: number | null; signal: string | null; at: number } | null;
  /** the last lines the process wrote (stdout and stderr), for failed starts */
  output: string[];
  nextStartAt: number | null;
}

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
