// Background image optimization jobs. The ImageJob/ImageJobItem rows are the queue:
// any instance's worker claims pending items with an atomic status update, so instances that share
// the database (PostgreSQL + Redis in scale-out) share one queue; the store's pub/sub wakes them.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from '../api/errors';
import type { Db } from '../db';
import { store } from '../redis';
import { transformSchema } from './options';

export const JOBS_CHANNEL = 'images:jobs';
export const MAX_JOB_ITEMS = 10_000;
/** A claim older than this belongs to an instance that stopped mid-item: the item is retried. */
export const STALE_CLAIM_MS = 120_000;

export const jobItemsSchema = z
  .array(z.strictObject({ src: z.string().min(1).max(2_048), options: transformSchema.partial().default({}) }))
  .min(1, 'images must not be empty')
  .max(MAX_JOB_ITEMS, `at most ${MAX_JOB_ITEMS.toLocaleString('en')} images per job`);
export type JobItemInput = z.infer<typeof jobItemsSchema>[number];

export interface JobView {
  id: string;
  status: string;
  total: number;
  done: number;
  failed: number;
  cancelled: number;
  bytesBefore: number;
  bytesAfter: number;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  failures?: { src: string; error: string | null }[];
  /** items finished per instance (worker id) */
  workers?: Record<string, number>;
}

export async function createJob(db: Db, items: readonly JobItemInput[], createdBy: string): Promise<JobView> {
  const id = randomUUID();
  await db.imageJob.create({ data: { id, status: 'queued', total: items.length, createdBy } });
  // In slices: one statement per 500 items keeps under every driver's bound-parameter limit.
  for (let i = 0; i < items.length; i += 500) {
    await db.imageJobItem.createMany({
      data: items.slice(i, i + 500).map((it, k) => ({
        jobId: id,
        idx: i + k,
        src: it.src,
        options: JSON.stringify(it.options),
        status: 'pending',
      })),
    });
  }
  await store()
    .publish(JOBS_CHANNEL, id)
    .catch(() => undefined);
  return getJob(db, id);
}

export async function getJob(db: Db, id: string): Promise<JobView> {
  const job = await db.imageJob.findUnique({ where: { id } });
  if (!job) throw new ApiError('not_found', `No image job ${id}`, { id: 'unknown job' });
  const cancelled =
    job.status === 'cancelled' ? await db.imageJobItem.count({ where: { jobId: id, status: 'cancelled' } }) : 0;
  const failures = await db.imageJobItem.findMany({
    where: { jobId: id, status: 'failed' },
    orderBy: { idx: 'asc' },
    take: 50,
    select: { src: true, error: true },
  });
  const byWorker = await db.imageJobItem.groupBy({
    by: ['worker'],
    where: { jobId: id, status: { in: ['done', 'failed'] } },
    _count: { _all: true },
  });
  const workers = Object.fromEntries(byWorker.map((w) => [w.worker ?? '?', w._count._all]));
  return { ...view(job), cancelled, failures, workers };
}

export async function listJobs(db: Db, limit = 20): Promise<JobView[]> {
  const rows = await db.imageJob.findMany({ orderBy: { createdAt: 'desc' }, take: limit });
  return rows.map(view);
}

function view(job: {
  id: string;
  status: string;
  total: number;
  done: number;
  failed: number;
  bytesBefore: number;
  bytesAfter: number;
  createdBy: string;
  createdAt: Date;
  finishedAt: Date | null;
}): JobView {
  return {
    ...job,
    cancelled: 0,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

/** Stops a job: pending items are cancelled; items already being encoded finish. */
export async function cancelJob(db: Db, id: string): Promise<JobView> {
  const job = await db.imageJob.findUnique({ where: { id } });
  if (!job) throw new ApiError('not_found', `No image job ${id}`, { id: 'unknown job' });
  if (job.status === 'done' || job.status === 'cancelled')
    throw new ApiError('conflict', `Job ${id} has already ${job.status === 'done' ? 'finished' : 'been cancelled'}`);
  await db.imageJob.update({ where: { id }, data: { status: 'cancelled', finishedAt: new Date() } });
  await db.imageJobItem.updateMany({ where: { jobId: id, status: 'pending' }, data: { status: 'cancelled' } });
  return getJob(db, id);
}

export interface ClaimedItem {
  id: number;
  jobId: string;
  idx: number;
  src: string;
  options: Record<string, unknown>;
}

/** Claims up to `n` pending items of live jobs for `worker`, oldest first. */
export async function claimItems(db: Db, worker: string, n: number, now = new Date()): Promise<ClaimedItem[]> {
  if (n <= 0) return [];
  // Items whose claimer went away mid-encode go back to the queue.
  await db.imageJobItem.updateMany({
    where: { status: 'running', claimedAt: { lt: new Date(now.getTime() - STALE_CLAIM_MS) } },
    data: { status: 'pending', worker: null, claimedAt: null },
  });
  const candidates = await db.imageJobItem.findMany({
    where: { status: 'pending', job: { status: { in: ['queued', 'running'] } } },
    orderBy: { id: 'asc' },
    take: n * 2,
  });
  const claimed: ClaimedItem[] = [];
  for (const c of candidates) {
    if (claimed.length >= n) break;
    const r = await db.imageJobItem.updateMany({
      where: { id: c.id, status: 'pending' },
      data: { status: 'running', worker, claimedAt: now },
    });
    if (r.count === 0) continue; // another instance took it
    claimed.push({
      id: c.id,
      jobId: c.jobId,
      idx: c.idx,
      src: c.src,
      options: JSON.parse(c.options) as Record<string, unknown>,
    });
  }
  const jobIds = [...new Set(claimed.map((c) => c.jobId))];
  if (jobIds.length)
    await db.imageJob.updateMany({ where: { id: { in: jobIds }, status: 'queued' }, data: { status: 'running' } });
  return claimed;
}

export interface ItemOutcome {
  ok: boolean;
  error?: string;
  bytesBefore?: number;
  bytesAfter?: number;
  ms?: number;
}

/** Records an item's outcome and moves the job's counters; the last item finishes the job. */
export async function completeItem(db: Db, item: ClaimedItem, outcome: ItemOutcome): Promise<void> {
  await db.imageJobItem.update({
    where: { id: item.id },
    data: {
      status: outcome.ok ? 'done' : 'failed',
      error: outcome.error?.slice(0, 500) ?? null,
      bytesBefore: outcome.bytesBefore ?? null,
      bytesAfter: outcome.bytesAfter ?? null,
      ms: outcome.ms ?? null,
    },
  });
  // Increments are atomic in both databases, so instances finishing items at once add up.
  const job = await db.imageJob.update({
    where: { id: item.jobId },
    data: outcome.ok
      ? {
          done: { increment: 1 },
          bytesBefore: { increment: outcome.bytesBefore ?? 0 },
          bytesAfter: { increment: outcome.bytesAfter ?? 0 },
        }
      : { failed: { increment: 1 } },
  });
  if (job.done + job.failed >= job.total)
    await db.imageJob.updateMany({
      where: { id: job.id, status: { in: ['queued', 'running'] } },
      data: { status: 'done', finishedAt: new Date() },
    });
}
