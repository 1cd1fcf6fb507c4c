// The bulk writer thread's entry (one thread, on the pool of lib/process/pool.ts): every high-rate
// write of the process comes here and is stored by group commit — the jobs that arrive while a
// transaction runs are written together in the next one, and each job's task resolves only when
// its transaction has committed, so an answer to a client means its data is in the database.
// This module runs only as that thread's entry: its state (the queue, the open connection) is the
// thread's own.
import { deserialize } from 'node:v8';
import { pointsOf } from '../metrics/ingest-parse';
import { liveSummary } from '../metrics/live';
import { type MetricRows, mergeMetricRows, metricRows, NO_METRIC_ROWS, pointCount } from '../metrics/rows';
import { targetKey, type SpanRowSet, type WriteResult, type WriteTask, type WriteTarget } from './jobs';
import type { MetricsPayload } from './decode-thread';
import { pgBackend } from './pg-backend';
import { type Backend, sqliteBackend } from './sqlite-backend';

/** Jobs taken into one transaction at most (a group past it waits for the next). */
const MAX_GROUP = 256;
/**
 * How long the first job of a group waits for others to join it: a commit costs about as much
 * as a few thousand rows, so under load a few milliseconds buy several times the throughput.
 */
const LINGER_MS = 3;

/** An error as the main thread can read it (a driver's error class does not survive the thread hop). */
const plain = (err: unknown): Error => {
  const e = err as { message?: unknown; code?: unknown };
  return Object.assign(new Error(String(e?.message ?? err)), typeof e?.code === 'string' ? { code: e.code } : {});
};

interface Waiting {
  task: WriteTask;
  resolve: (r: WriteResult) => void;
  reject: (e: Error) => void;
}

// Module state: this file is the writer thread's entry (see above).
const queue: Waiting[] = [];
let draining = false;
let open: { key: string; backend: Backend } | undefined;

async function backendFor(target: WriteTarget): Promise<Backend> {
  const key = targetKey(target);
  if (open?.key !== key) {
    await open?.backend.close();
    open = { key, backend: target.provider === 'sqlite' ? sqliteBackend(target.file) : pgBackend(target.url) };
  }
  return open.backend;
}

/** A job as metric rows and span rows, and what it answers once stored. */
function prepare(task: WriteTask): { metrics: MetricRows; spans: SpanRowSet[]; result: () => WriteResult } {
  const job = task.job;
  if (job.kind === 'points')
    return { metrics: metricRows(job.points), spans: [], result: () => ({ stored: job.points.length }) };
  if (job.kind === 'columnar') {
    const { batch, derived } = deserialize(job.payload) as MetricsPayload;
    // The decode thread derived the rows of the whole batch; with series refused they are redone here.
    if (job.refused.length === 0) {
      const { rows, live } = derived;
      return { metrics: rows, spans: [], result: () => ({ stored: pointCount(rows), live }) };
    }
    const points = pointsOf(batch, new Set(job.refused));
    return {
      metrics: metricRows(points),
      spans: [],
      result: () => ({ stored: points.length, live: liveSummary(points, job.instance) }),
    };
  }
  const rows = deserialize(job.rows) as SpanRowSet;
  return {
    metrics: NO_METRIC_ROWS,
    spans: [rows],
    result: () => ({ stored: rows.spans.length + (rows.logs?.length ?? 0) }),
  };
}

async function commit(group: Waiting[]): Promise<void> {
  const target = (group[0] as Waiting).task.target;
  const prepared = group.map((w) => prepare(w.task));
  const backend = await backendFor(target);
  // The group's rows merged first: one insert or upsert per series, chunk and bucket, not per job.
  await backend.write(
    mergeMetricRows(prepared.map((p) => p.metrics)),
    prepared.flatMap((p) => p.spans),
    Date.now(),
  );
  for (const [i, w] of group.entries()) w.resolve((prepared[i] as (typeof prepared)[number]).result());
}

async function drain(): Promise<void> {
  draining = true;
  try {
    while (queue.length) {
      // Let the tasks that arrived meanwhile, and those arriving within a moment, join this transaction.
      await new Promise((r) => setTimeout(r, queue.length > 1 ? 0 : LINGER_MS));
      const key = targetKey((queue[0] as Waiting).task.target);
      const group: Waiting[] = [];
      for (let i = 0; i < queue.length && group.length < MAX_GROUP; )
        if (targetKey((queue[i] as Waiting).task.target) === key) group.push(...queue.splice(i, 1));
        else i++;
      try {
        await commit(group);
      } catch (err) {
        if (group.length === 1) {
          (group[0] as Waiting).reject(plain(err));
          continue;
        }
        // One bad job must not fail the others: each alone, so only the bad one is refused.
        for (const w of group) await commit([w]).catch((e: unknown) => w.reject(plain(e)));
      }
    }
  } finally {
    draining = false;
  }
}

/** The task: stores one job; resolves once it is committed. */
export function write(task: WriteTask): Promise<WriteResult> {
  return new Promise((resolve, reject) => {
    queue.push({ task, resolve, reject });
    if (!draining) void drain();
  });
}

/** Closes the connection once everything queued is stored (the pool's close drains the tasks first). */
export async function close(): Promise<void> {
  while (draining || queue.length) await new Promise((r) => setTimeout(r, 5));
  await open?.backend.close();
  open = undefined;
}
