// On-demand captures: a CPU profile (1–120 s, chosen sampling interval), an allocation profile, or
// a heap snapshot of one target. One capture at a time per target; progress while it runs; cancel
// stops it and stores nothing; a target that dies mid-capture leaves a failed row, never a
// complete one. The row is written first, so every instance lists what is running.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import { z } from 'zod';
import { ApiError } from '../api/errors';
import { db } from '../db';
import { once, slot } from '../process/registry';
import { CaptureAborted } from './inspector';
import { fromSamplingHeapProfile, fromV8CpuProfile, topFunctions } from './model';
import { withOriginalNames } from './source-maps';
import { fileOf, KIND_EXT, type ProfileKind, view } from './store';
import { endpointFor } from './targets';

/** captures running in this process, by profile id */
export const CAPTURES =
  slot<Map<string, { target: string; controller: AbortController; startedAt: number; durationMs: number }>>('captures');

export const captureBody = z.strictObject({
  target: z.string().min(1).max(80),
  kind: z.enum(['cpu', 'alloc', 'heap-snapshot']).default('cpu'),
  durationSeconds: z.number().int().min(1, 'at least 1 s').max(120, 'at most 120 s').default(10),
  /** CPU sampling interval in microseconds: 1 ms by default */
  intervalUs: z.number().int().min(100, 'at least 100 µs').max(100_000, 'at most 100 ms').default(1_000),
  name: z.string().trim().max(120).optional(),
});
export type CaptureRequest = z.infer<typeof captureBody>;

const running = () =>
  once(
    CAPTURES,
    () => new Map<string, { target: string; controller: AbortController; startedAt: number; durationMs: number }>(),
  );

/** Progress of a capture this process is running (elapsed share of its duration), if it is. */
export function captureProgress(id: string): { elapsedMs: number; durationMs: number } | undefined {
  const c = running().get(id);
  return c ? { elapsedMs: Date.now() - c.startedAt, durationMs: c.durationMs } : undefined;
}

export async function startCapture(req: CaptureRequest, by: string) {
  const endpoint = endpointFor(req.target);
  if ('reason' in endpoint)
    throw new ApiError('unprocessable', `${req.target} cannot be profiled: ${endpoint.reason}`, {
      target: endpoint.reason,
    });
  for (const c of running().values()) {
    if (c.target === req.target)
      throw new ApiError('conflict', `A capture of ${endpoint.label} is already running; wait for it or cancel it`);
  }
  const busy = await db().profile.findFirst({ where: { target: req.target, status: 'running' } });
  if (busy && busy.startedAt.getTime() > Date.now() - 10 * 60_000)
    throw new ApiError('conflict', `A capture of ${endpoint.label} is already running (started by ${busy.createdBy})`);
  if (req.kind === 'heap-snapshot') {
    // Writing a snapshot needs roughly the heap's size again; refuse rather than push the machine into swap.
    const heap = endpoint.heapUsed() ?? 256 * 1024 * 1024;
    if (os.freemem() < heap * 2)
      throw new ApiError(
        'conflict',
        `Only ${Math.round(os.freemem() / 2 ** 20)} MiB of memory are free; a heap snapshot of this target needs about ${Math.round((heap * 2) / 2 ** 20)} MiB`,
      );
  }
  const durationMs = req.kind === 'heap-snapshot' ? 0 : req.durationSeconds * 1_000;
  const row = await db().profile.create({
    data: {
      target: req.target,
      targetLabel: endpoint.label,
      kind: req.kind,
      source: 'capture',
      status: 'running',
      name:
        req.name ||
        `${req.kind === 'cpu' ? 'CPU' : req.kind === 'alloc' ? 'Allocations' : 'Heap snapshot'} of ${endpoint.label}`,
      startedAt: new Date(),
      durationMs,
      intervalUs: req.kind === 'cpu' ? req.intervalUs : null,
      createdBy: by,
    },
  });
  const controller = new AbortController();
  running().set(row.id, { target: req.target, controller, startedAt: Date.now(), durationMs });
  void run(row.id, req, endpoint, controller.signal).finally(() => running().delete(row.id));
  return view(row);
}

async function run(
  id: string,
  req: CaptureRequest,
  endpoint: Exclude<ReturnType<typeof endpointFor>, { reason: string }>,
  signal: AbortSignal,
) {
  const kind = req.kind as ProfileKind;
  const file = fileOf(id, KIND_EXT[kind]);
  try {
    let bytes: number;
    let samples: number | null = null;
    let top: string | null = null;
    if (kind === 'cpu') {
      const { profile, labels } = await endpoint.cpu({
        durationMs: req.durationSeconds * 1_000,
        intervalUs: req.intervalUs,
        signal,
      });
      const body = JSON.stringify(labels ? { ...profile, redlineLabels: labels } : profile);
      await fs.writeFile(file, body);
      bytes = Buffer.byteLength(body);
      // The samples of work, as every view and export counts them (idle ones are dropped).
      const model = withOriginalNames(fromV8CpuProfile(profile));
      samples = model.samples ?? 0;
      top = JSON.stringify(topFunctions(model));
    } else if (kind === 'alloc') {
      const profile = await endpoint.alloc({ durationMs: req.durationSeconds * 1_000, signal });
      const body = JSON.stringify(profile);
      await fs.writeFile(file, body);
      bytes = Buffer.byteLength(body);
      samples = profile.samples?.length ?? 0;
      top = JSON.stringify(topFunctions(withOriginalNames(fromSamplingHeapProfile(profile))));
    } else {
      bytes = await endpoint.snapshot(file);
      await fs.chmod(file, 0o600);
    }
    await db().profile.update({
      where: { id },
      data: { status: 'complete', file: `${id}.${KIND_EXT[kind]}`, bytes, samples, top, finishedAt: new Date() },
    });
  } catch (err) {
    await fs.rm(file, { force: true });
    const cancelled = err instanceof CaptureAborted || signal.aborted;
    await db()
      .profile.update({
        where: { id },
        data: {
          status: cancelled ? 'cancelled' : 'failed',
          error: cancelled ? null : (err as Error).message.slice(0, 500),
          finishedAt: new Date(),
        },
      })
      .catch(() => undefined);
  }
}

/** Cancels a capture this process runs; false when it is not running here. */
export function cancelCapture(id: string): boolean {
  const c = running().get(id);
  if (!c) return false;
  c.controller.abort();
  return true;
}
