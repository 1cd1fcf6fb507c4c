// The local fleet provider: runs N copies of a command as real child processes, each on its own
// port (PORT injected; the command is an argument array, never a shell string), waits for each
// to answer its health path before calling it running, restarts crashed ones with a back-off that
// grows while they keep failing, and stops them gracefully (SIGTERM, then SIGKILL after a
// timeout). Every pid is written to a state file, so instances left behind by a Redline that was
// killed are found and stopped on the next start; on exit, whatever is still running is killed.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { cpuPercent, type ProcReading, readProc } from './proc-stats';
import type { FleetProvider, InstanceInfo, InstanceUsage } from './provider';
import { type AgentPush, AgentChannel, agentEnv, isNodeCommand } from './profiler-channel';

export const fleetCommandSchema = z.strictObject({
  command: z.string().min(1).max(1_024),
  args: z.array(z.string().max(4_096)).max(64).default([]),
  cwd: z.string().max(1_024).optional(),
  env: z
    .record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'environment names are UPPER_CASE'), z.string().max(4_096))
    .default({}),
  healthPath: z.string().startsWith('/').default('/health'),
});
export type FleetCommand = z.infer<typeof fleetCommandSchema>;

export type { InstanceInfo, InstanceState } from './provider';

export interface LocalProviderOptions {
  stateFile: string;
  readyTimeoutMs: number;
  stopTimeoutMs: number;
  backoff: { baseMs: number; maxMs: number };
  /** a start that dies within this counts as a failed start (the back-off grows) */
  minUptimeMs: number;
  onChange?: (instance: InstanceInfo, event: string) => void;
  /** what Node instances' profiling agents push (continuous-profile minutes, memory); its interval */
  onAgentPush?: (instanceId: string, msg: AgentPush) => void;
  continuousProfileUs?: number;
}

export const defaultLocalOptions = (stateFile: string): LocalProviderOptions => ({
  stateFile,
  readyTimeoutMs: 15_000,
  stopTimeoutMs: 10_000,
  backoff: { baseMs: 1_000, maxMs: 60_000 },
  minUptimeMs: 10_000,
});

/** Pure: how long to wait before restart number `failures` (1, 2, 4 … × base, capped). */
export function restartDelay(failures: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.max(0, failures - 1));
}

interface Managed {
  info: InstanceInfo;
  child?: ChildProcess;
  agent?: AgentChannel;
  failures: number;
  timer?: NodeJS.Timeout;
  wanted: boolean;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function healthy(port: number, p: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: p, timeout: 1_000, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export class LocalProvider implements FleetProvider {
  private readonly instances = new Map<string, Managed>();
  /** the last /proc reading per instance, for CPU between two samples */
  private readonly proc = new Map<string, ProcReading>();
  private closed = false;
  private readonly onExit = () => {
    for (const m of this.instances.values()) if (m.child?.pid && m.child.exitCode === null) m.child.kill('SIGKILL');
  };

  constructor(
    public command: FleetCommand,
    readonly options: LocalProviderOptions,
  ) {
    process.on('exit', this.onExit);
  }

  /** Stops instances a previous Redline left running (their pids are in the state file). */
  cleanupOrphans(): number[] {
    let pids: number[] = [];
    try {
      pids = z.array(z.number().int().positive()).parse(JSON.parse(readFileSync(this.options.stateFile, 'utf8')).pids);
    } catch {
      return [];
    }
    const found = pids.filter((pid) => pid !== process.pid && alive(pid));
    for (const pid of found) process.kill(pid, 'SIGKILL');
    this.save();
    return found;
  }

  list(): InstanceInfo[] {
    return [...this.instances.values()].map((m) => ({ ...m.info, output: [...m.info.output] }));
  }

  /** CPU (% of one core, between this reading and the last) and memory of each process, from /proc. */
  async sample(now = Date.now()): Promise<Map<string, InstanceUsage>> {
    const out = new Map<string, InstanceUsage>();
    for (const i of this.list()) {
      if (!i.pid) continue;
      const r = await readProc(i.pid, now);
      if (!r) continue;
      const prev = this.proc.get(i.id);
      this.proc.set(i.id, r);
      out.set(i.id, { cpuPct: prev ? cpuPercent(prev, r) : null, rssBytes: r.rssBytes });
    }
    for (const id of this.proc.keys()) if (!this.instances.has(id)) this.proc.delete(id);
    return out;
  }

  /** Local instances have no readiness of their own beyond the proxy's health checks. */
  readyIds(): null {
    return null;
  }

  /** Instances wanted (running, starting or waiting to restart). */
  get desired(): number {
    return [...this.instances.values()].filter((m) => m.wanted).length;
  }

  /** Adds instances up to `n`, or stops the newest ones down to `n` (after `beforeStop`, e.g. a drain). */
  async scaleTo(n: number, beforeStop?: (id: string) => Promise<void>): Promise<void> {
    const wanted = [...this.instances.values()].filter((m) => m.wanted);
    if (n > wanted.length) await Promise.all(Array.from({ length: n - wanted.length }, () => this.add()));
    else if (n < wanted.length) {
      const victims = wanted
        .sort((a, b) => (b.info.startedAt ?? 0) - (a.info.startedAt ?? 0))
        .slice(0, wanted.length - n);
      await Promise.all(victims.map((m) => this.stop(m.info.id, beforeStop)));
    }
  }

  async add(): Promise<InstanceInfo> {
    const id = `i-${randomUUID().slice(0, 8)}`;
    const m: Managed = {
      info: {
        id,
        pid: null,
        port: await freePort(),
        state: 'starting',
        startedAt: null,
        restarts: 0,
        lastExit: null,
        output: [],
        nextStartAt: null,
      },
      failures: 0,
      wanted: true,
    };
    this.instances.set(id, m);
    await this.spawn(m);
    return { ...m.info };
  }

  private async spawn(m: Managed): Promise<void> {
    if (this.closed || !m.wanted) return;
    const c = this.command;
    m.info.state = 'starting';
    m.info.nextStartAt = null;
    m.info.startedAt = Date.now();
    // No shell: the command and its arguments go to the OS as they are. Node commands get the
    // profiling agent, reached over an IPC channel only Redline holds.
    const node = isNodeCommand(c.command);
    const baseEnv = { ...process.env, ...c.env };
    const child = spawn(c.command, c.args, {
      cwd: c.cwd,
      env: {
        ...baseEnv,
        ...(node ? agentEnv(baseEnv, this.options.continuousProfileUs ?? 0) : {}),
        PORT: String(m.info.port),
        INSTANCE_ID: m.info.id,
      },
      stdio: node ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
      shell: false,
    });
    m.child = child;
    m.agent = node ? new AgentChannel(child, (msg) => this.options.onAgentPush?.(m.info.id, msg)) : undefined;
    m.info.pid = child.pid ?? null;
    this.save();
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) m.info.output.push(line.slice(0, 500));
      if (m.info.output.length > 50) m.info.output.splice(0, m.info.output.length - 50);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<void>((resolve) => {
      child.once('error', (e) => {
        keep(Buffer.from(`spawn failed: ${e.message}`));
        resolve();
      });
      child.once('exit', (code, signal) => {
        m.info.lastExit = { code, signal, at: Date.now() };
        resolve();
      });
    });
    void exited.then(() => this.exited(m, child));
    // Running once it answers its health path; a start that does not is stopped and retried.
    const deadline = Date.now() + this.options.readyTimeoutMs;
    while (
      Date.now() < deadline &&
      m.child === child &&
      child.exitCode === null &&
      child.signalCode === null &&
      !child.killed
    ) {
      if (await healthy(m.info.port, c.healthPath)) {
        m.info.state = 'running';
        this.options.onChange?.({ ...m.info }, 'started');
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    if (m.child === child && child.exitCode === null && m.info.state === 'starting') {
      keep(Buffer.from(`not healthy within ${this.options.readyTimeoutMs} ms`));
      child.kill('SIGKILL');
    }
  }

  private exited(m: Managed, child: ChildProcess): void {
    if (m.child !== child) return;
    m.child = undefined;
    m.agent = undefined;
    m.info.pid = null;
    this.save();
    if (!m.wanted || this.closed) {
      m.info.state = 'stopped';
      this.options.onChange?.({ ...m.info }, 'stopped');
      return;
    }
    // Crashed (or never became healthy): restart after a back-off that grows while it keeps failing.
    const ranFor = Date.now() - (m.info.startedAt ?? 0);
    m.failures = ranFor < this.options.minUptimeMs ? m.failures + 1 : 1;
    const delay = restartDelay(m.failures, this.options.backoff.baseMs, this.options.backoff.maxMs);
    m.info.state = 'backoff';
    m.info.nextStartAt = Date.now() + delay;
    this.options.onChange?.({ ...m.info }, 'crashed');
    m.timer = setTimeout(() => {
      m.info.restarts++;
      void this.spawn(m);
    }, delay);
    m.timer.unref();
  }

  /** The instance's profiling agent, or why it has none. */
  agent(id: string): { agent: AgentChannel } | { reason: string } {
    const m = this.instances.get(id);
    if (!m?.child) return { reason: `instance ${id} is not running` };
    if (!m.agent)
      return {
        reason: `${path.basename(this.command.command)} is not a Node command: only Node instances can be profiled`,
      };
    return { agent: m.agent };
  }

  /** SIGTERM, then SIGKILL if it has not exited within the stop timeout. */
  async stop(id: string, beforeStop?: (id: string) => Promise<void>): Promise<void> {
    const m = this.instances.get(id);
    if (!m) return;
    m.wanted = false;
    clearTimeout(m.timer);
    const child = m.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      m.info.state = 'stopping';
      await beforeStop?.(id).catch(() => undefined);
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), this.options.stopTimeoutMs);
      await done;
      clearTimeout(killer);
    }
    m.info.state = 'stopped';
    this.instances.delete(id);
    this.save();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.instances.keys()].map((id) => this.stop(id)));
    process.off('exit', this.onExit);
  }

  private save(): void {
    const pids = [...this.instances.values()]
      .map((m) => m.child?.pid)
      .filter((p): p is number => typeof p === 'number');
    mkdirSync(path.dirname(this.options.stateFile), { recursive: true });
    const tmp = `${this.options.stateFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ owner: process.pid, pids }));
    renameSync(tmp, this.options.stateFile);
  }
}
