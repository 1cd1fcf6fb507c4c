// Redline's side of the profiling agent (fleet/profiler-agent.cjs) in a Node instance: requests
// over the instance's IPC channel with their replies, and what the agent pushes unasked
// (continuous-profile minutes, memory readings). Only Node commands get the agent.
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

const TAG = 'redlineProfiler';
export const AGENT_PATH = path.resolve('fleet', 'profiler-agent.cjs');

/** Is this fleet command Node itself (so the agent can be preloaded into it)? */
export function isNodeCommand(command: string): boolean {
  return command === process.execPath || /^node(js)?(\d+(\.\d+)*)?$/.test(path.basename(command));
}

/** Environment that preloads the agent (kept beside any NODE_OPTIONS the fleet already sets). */
export function agentEnv(base: Record<string, string | undefined>, continuousUs: number): Record<string, string> {
  const prior = base.NODE_OPTIONS ? `${base.NODE_OPTIONS} ` : '';
  return {
    NODE_OPTIONS: `${prior}--require ${JSON.stringify(AGENT_PATH)}`,
    REDLINE_PROFILER_AGENT: '1',
    REDLINE_PROFILER_CONTINUOUS_US: String(continuousUs),
  };
}

export type AgentPush =
  | { push: 'minute'; minute: number; profile: unknown }
  | {
      push: 'memory';
      at: number;
      rss: number;
      heapUsed: number;
      heapTotal: number;
      external: number;
      gc: [string, number][];
    };

export class AgentChannel {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly child: ChildProcess,
    onPush: (msg: AgentPush) => void,
  ) {
    child.on('message', (raw) => {
      const msg = raw as { [TAG]?: number; id?: number; ok?: boolean; result?: unknown; error?: string; push?: string };
      if (msg?.[TAG] !== 1) return;
      if (msg.push) return onPush(msg as unknown as AgentPush);
      const p = this.pending.get(msg.id ?? -1);
      if (!p) return;
      this.pending.delete(msg.id ?? -1);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new Error(msg.error ?? 'the agent failed'));
    });
    child.once('exit', (code, signal) => {
      const err = new Error(`the instance exited during the capture (${signal ?? `code ${code}`})`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    });
  }

  call<T>(op: 'cpu' | 'alloc' | 'snapshot', params: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (!this.child.connected) return reject(new Error('the instance has no profiling channel (it is not running)'));
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      signal?.addEventListener('abort', () => this.child.send({ [TAG]: 1, op: 'cancel', target: id }), { once: true });
      this.child.send({ [TAG]: 1, id, op, params });
    });
  }
}
