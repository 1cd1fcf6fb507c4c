// What can be profiled: Redline's main thread, its proxy thread, and each Node instance of the
// local fleet — each reached through its own V8 inspector (in-process, by message to the proxy
// thread, or over the instance's IPC channel to its agent). Anything else says why it cannot be.
import { fleetState } from '../fleet/commands';
import { localFleet } from '../fleet/service';
import { workSpansSince } from '../observability/context';
import { MAIN, PROXY, instanceTarget } from './continuous';
import { allocationProfile, cpuProfile, heapSnapshot } from './inspector';
import { labelBySpans, type SamplingHeapProfile, type V8CpuProfile } from './model';

export interface TargetView {
  id: string;
  label: string;
  kind: 'process' | 'thread' | 'instance';
  profilable: boolean;
  reason?: string;
  pid?: number | null;
  state?: string;
  /** heap in use now, where known (a heap snapshot's pause grows with it) */
  heapUsedBytes?: number;
}

export interface Endpoint {
  label: string;
  cpu: (o: {
    durationMs: number;
    intervalUs: number;
    signal: AbortSignal;
  }) => Promise<{ profile: V8CpuProfile; labels?: string[] }>;
  alloc: (o: { durationMs: number; signal: AbortSignal }) => Promise<SamplingHeapProfile>;
  snapshot: (file: string) => Promise<number>;
  /** the target's heap in use now, where known (heap snapshots need about that much free memory) */
  heapUsed: () => number | undefined;
}

const mainEndpoint: Endpoint = {
  label: `Redline (pid ${process.pid}, main thread)`,
  cpu: async (o) => {
    const profile = await cpuProfile(o);
    return { profile, labels: labelBySpans(profile, workSpansSince(profile.startTime)) };
  },
  alloc: allocationProfile,
  snapshot: heapSnapshot,
  heapUsed: () => process.memoryUsage().heapUsed,
};

export async function listTargets(): Promise<TargetView[]> {
  const out: TargetView[] = [
    {
      id: MAIN,
      label: mainEndpoint.label,
      kind: 'process',
      profilable: true,
      pid: process.pid,
      heapUsedBytes: process.memoryUsage().heapUsed,
    },
  ];
  const fleet = localFleet();
  if (fleet) {
    out.push({ id: PROXY, label: "Redline's proxy thread", kind: 'thread', profilable: true, pid: process.pid });
    // Duck-typed: the provider was made in another bundle of this process, so instanceof fails.
    const agentOf = fleet.provider.agent?.bind(fleet.provider);
    for (const i of fleet.provider.list()) {
      const reachable = agentOf?.(i.id);
      const reason = !agentOf
        ? 'a Kubernetes pod: no agent runs in it, so it cannot be profiled from here'
        : reachable && 'reason' in reachable
          ? reachable.reason
          : undefined;
      out.push({
        id: instanceTarget(i.id),
        label: `instance ${i.id}`,
        kind: 'instance',
        profilable: !reason,
        reason,
        pid: i.pid,
        state: i.state,
      });
    }
    return out;
  }
  // Another instance runs the fleet: its targets are profiled from that instance's console.
  const state = await fleetState().catch(() => null);
  for (const i of state?.instances ?? []) {
    out.push({
      id: instanceTarget(i.id),
      label: `instance ${i.id}`,
      kind: 'instance',
      profilable: false,
      reason: `the fleet runs on Redline instance ${state?.owner ?? 'another'}; profile it from there`,
      pid: i.pid,
      state: i.state,
    });
  }
  return out;
}

/** How to reach a target, or why it cannot be reached. */
export function endpointFor(target: string): Endpoint | { reason: string } {
  if (target === MAIN) return mainEndpoint;
  const fleet = localFleet();
  if (!fleet) return { reason: 'no fleet runs on this Redline instance' };
  if (target === PROXY) {
    const lb = fleet.lb;
    return {
      label: "Redline's proxy thread",
      cpu: async (o) => ({
        profile: await lb.profile<V8CpuProfile>(
          'cpu',
          { durationMs: o.durationMs, intervalUs: o.intervalUs },
          o.signal,
        ),
      }),
      alloc: (o) => lb.profile<SamplingHeapProfile>('alloc', { durationMs: o.durationMs }, o.signal),
      snapshot: async (file) => (await lb.profile<{ bytes: number }>('snapshot', { file })).bytes,
      heapUsed: () => undefined,
    };
  }
  if (!target.startsWith('instance:')) return { reason: `no target ${target}` };
  const id = target.slice('instance:'.length);
  const found = fleet.provider.agent?.(id) ?? {
    reason: 'a Kubernetes pod: no agent runs in it, so it cannot be profiled from here',
  };
  if ('reason' in found) return found;
  const agent = found.agent;
  return {
    label: `instance ${id}`,
    cpu: async (o) => ({
      profile: await agent.call<V8CpuProfile>('cpu', { durationMs: o.durationMs, intervalUs: o.intervalUs }, o.signal),
    }),
    alloc: (o) => agent.call<SamplingHeapProfile>('alloc', { durationMs: o.durationMs }, o.signal),
    snapshot: async (file) => (await agent.call<{ bytes: number }>('snapshot', { file })).bytes,
    heapUsed: () => undefined,
  };
}
