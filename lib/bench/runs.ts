// Benchmark runs as the console shows them (pure): a stored row to its view, and when a run whose
// instance stopped beating counts as lost.
import { type ProxyBenchResult, proxyBenchResultSchema } from './proxy-result';

export const BENCH_NAMES = ['proxy'] as const;
export type BenchName = (typeof BENCH_NAMES)[number];
export type RunStatus = 'running' | 'cancelling' | 'success' | 'error' | 'cancelled';

/** A running run's instance writes its progress and heartbeat every second; a minute without one is a lost run. */
export const HEARTBEAT_MS = 1_000;
export const LOST_AFTER_MS = 60_000;

export interface RunRow {
  id: number;
  name: string;
  status: string;
  by: string;
  instanceId: string;
  seconds: number;
  startedAt: Date;
  heartbeatAt: Date;
  finishedAt: Date | null;
  step: number;
  steps: number;
  stage: string | null;
  result: string | null;
  error: string | null;
}

export interface RunView {
  id: number;
  name: string;
  status: RunStatus;
  by: string;
  instanceId: string;
  seconds: number;
  startedAt: string;
  finishedAt: string | null;
  /** 0–1 while it runs */
  progress: number;
  stage: string | null;
  result: ProxyBenchResult | null;
  error: string | null;
}

export const isLive = (status: string): boolean => status === 'running' || status === 'cancelling';

export const isLost = (row: Pick<RunRow, 'status' | 'heartbeatAt'>, now: number): boolean =>
  isLive(row.status) && now - row.heartbeatAt.getTime() > LOST_AFTER_MS;

export function runView(row: RunRow): RunView {
  let result: ProxyBenchResult | null = null;
  if (row.result) {
    try {
      const parsed = proxyBenchResultSchema.safeParse(JSON.parse(row.result));
      result = parsed.success ? parsed.data : null;
    } catch {
      result = null;
    }
  }
  return {
    id: row.id,
    name: row.name,
    status: row.status as RunStatus,
    by: row.by,
    instanceId: row.instanceId,
    seconds: row.seconds,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    progress: row.status === 'success' ? 1 : row.steps ? Math.min(1, row.step / row.steps) : 0,
    stage: row.stage,
    result,
    error: row.error,
  };
}

/** The last lines of a stream's text, for an error message (a run's stderr). */
export function tail(lines: string[], line: string, keep = 20): void {
  lines.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
  if (lines.length > keep) lines.splice(0, lines.length - keep);
}
