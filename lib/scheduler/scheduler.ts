// One background scheduler per process. With several instances sharing Redis, a leader lock with
// expiry makes exactly one of them run leader-only jobs; a per-job lock stops overlapping runs.
import { Cron } from 'croner';
import { currentWork, runAs, type SelfTrace } from '../observability/context';
import type { SharedStore } from '../redis';

export interface JobContext {
  signal: AbortSignal;
  trigger: 'schedule' | 'manual';
}
export interface JobDefinition {
  name: string;
  description: string;
  cron: string; // croner pattern, seconds field allowed
  leaderOnly: boolean;
  timeoutMs: number;
  /** Runs every few seconds: keep its duration metric, but no JobRun row per run. */
  quiet?: boolean;
  run: (ctx: JobContext) => Promise<Record<string, unknown> | undefined>;
}
export interface RunRecorder {
  /** Returns the run's id, or null when the run is not kept (quiet jobs). */
  started(job: string, trigger: JobContext['trigger'], keep: boolean): Promise<number | null>;
  finished(
    id: number | null,
    job: string,
    outcome: { status: 'success' | 'error'; durationMs: number; error?: string; details?: unknown },
  ): Promise<void>;
}
/** Traces runs (lib/tracing/self.ts's jobTracer): a span in the calling request's trace, or a trace of its own. */
export interface JobTracer {
  begin(parent: SelfTrace | undefined): SelfTrace | undefined;
  end(
    own: SelfTrace | undefined,
    parent: SelfTrace | undefined,
    run: { job: string; trigger: JobContext['trigger']; error?: string },
    durationMs: number,
  ): void;
}

export type RunResult =
  | { status: 'success'; durationMs: number; details?: Record<string, unknown> }
  | { status: 'error'; durationMs: number; error: string }
  | { status: 'skipped'; reason: string };

const LEADER_KEY = 'scheduler:leader';
const LAST_KEY = (job: string) => `scheduler:last:${job}`;
const LAST_TTL_MS = 7 * 86_400_000;

/** Every job's latest run, kept in the shared store (so quiet jobs have one too, on every instance). */
export interface LastRun {
  status: 'success' | 'error';
  startedAt: string;
  durationMs: number;
  error?: string;
  trigger: JobContext['trigger'];
  instanceId: string;
}

export class Scheduler {
  private readonly crons = new Map<string, Cron>();
  private leaderTimer?: NodeJS.Timeout;
  private leading = false;

  constructor(
    private readonly jobs: readonly JobDefinition[],
    private readonly shared: SharedStore,
    private readonly recorder: RunRecorder,
    readonly instanceId: string,
    private readonly leaseMs = 15_000,
    private readonly tracer?: JobTracer,
  ) {}

  get isLeader(): boolean {
    return this.leading;
  }

  definitions(): readonly JobDefinition[] {
    return this.jobs;
  }

  nextRun(name: string): Date | null {
    return this.crons.get(name)?.nextRun() ?? null;
  }

  async start(): Promise<void> {
    await this.campaign();
    this.leaderTimer = setInterval(() => void this.campaign(), Math.floor(this.leaseMs / 3));
    this.leaderTimer.unref();
    for (const job of this.jobs) {
      this.crons.set(
        job.name,
        new Cron(job.cron, { protect: true, unref: true }, () => void this.trigger(job.name, 'schedule')),
      );
    }
  }

  /** Takes or keeps the leader lease; losing Redis means losing the lease, never two leaders. */
  private async campaign(): Promise<void> {
    const held = this.leading
      ? await this.shared.renew(LEADER_KEY, this.instanceId, this.leaseMs)
      : await this.shared.acquire(LEADER_KEY, this.instanceId, this.leaseMs);
    this.leading = held;
  }

  async trigger(name: string, trigger: JobContext['trigger']): Promise<RunResult> {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) return { status: 'skipped', reason: 'unknown job' };
    if (trigger === 'schedule' && job.leaderOnly && !this.leading)
      return { status: 'skipped', reason: 'not the leader' };
    const lockKey = `scheduler:job:${job.name}`;
    if (!(await this.shared.acquire(lockKey, this.instanceId, job.timeoutMs + 5_000))) {
      return { status: 'skipped', reason: 'already running' };
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`timed out after ${job.timeoutMs} ms`)), job.timeoutMs);
    const t0 = performance.now();
    const startedAt = new Date().toISOString();
    const runId = await this.recorder.started(job.name, trigger, !job.quiet || trigger === 'manual');
    const remember = (last: Pick<LastRun, 'status' | 'durationMs' | 'error'>) =>
      this.shared
        .set(
          LAST_KEY(job.name),
          JSON.stringify({
            ...last,
            error: last.error?.slice(0, 300),
            startedAt,
            trigger,
            instanceId: this.instanceId,
          }),
          LAST_TTL_MS,
        )
        .catch(() => undefined); // the run's outcome stands whether or not it could be noted
    // Only a manual run has a caller: a cron's timers may carry whatever context started them.
    const parent = trigger === 'manual' ? currentWork().trace : undefined;
    const own = this.tracer?.begin(parent);
    const traced = (error?: string) =>
      this.tracer?.end(own, parent, { job: job.name, trigger, error }, performance.now() - t0);
    try {
      const details = await runAs({ route: `job:${job.name}`, trace: own ?? parent }, () =>
        job.run({ signal: controller.signal, trigger }),
      );
      const durationMs = performance.now() - t0;
      traced();
      await this.recorder.finished(runId, job.name, { status: 'success', durationMs, details });
      await remember({ status: 'success', durationMs });
      return { status: 'success', durationMs, details };
    } catch (err) {
      const durationMs = performance.now() - t0;
      const error = (err as Error).message;
      traced(error);
      await this.recorder.finished(runId, job.name, { status: 'error', durationMs, error });
      await remember({ status: 'error', durationMs, error });
      return { status: 'error', durationMs, error };
    } finally {
      clearTimeout(timer);
      await this.shared.release(lockKey, this.instanceId);
    }
  }

  /** The latest run of each job (quiet or not), or null for one that has not run since its note expired. */
  async lastRuns(): Promise<Map<string, LastRun | null>> {
    const out = new Map<string, LastRun | null>();
    await Promise.all(
      this.jobs.map(async (j) => {
        const raw = await this.shared.get(LAST_KEY(j.name)).catch(() => null);
        out.set(j.name, raw ? (JSON.parse(raw) as LastRun) : null);
      }),
    );
    return out;
  }

  async stop(): Promise<void> {
    for (const c of this.crons.values()) c.stop();
    this.crons.clear();
    if (this.leaderTimer) clearInterval(this.leaderTimer);
    if (this.leading) await this.shared.release(LEADER_KEY, this.instanceId);
    this.leading = false;
  }
}
