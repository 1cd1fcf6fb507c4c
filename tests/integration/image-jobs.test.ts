// Background image jobs on both databases: two workers (as two instances would) share one queue
// without doing an item twice, progress and totals add up, failures keep their reason, cancel
// stops what is pending, and an item claimed by a worker that went away is retried.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db';
import { currentTestDatabase, PROVIDERS } from '../helpers/databases';

const dir = mkdtempSync(path.join(os.tmpdir(), 'redline-jobs-'));
beforeAll(async () => {
  mkdirSync(path.join(dir, 'media'), { recursive: true });
  for (let i = 0; i < 6; i++)
    await sharp({ create: { width: 120 + i, height: 90, channels: 3, background: { r: 40 * i, g: 90, b: 200 } } })
      .jpeg()
      .toFile(path.join(dir, 'media', `p${i}.jpg`));
  writeFileSync(path.join(dir, 'media', 'broken.jpg'), 'not an image');
  Object.assign(process.env, { MEDIA_ROOT: path.join(dir, 'media'), IMAGE_CACHE_DIR: path.join(dir, 'variants') });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(PROVIDERS)('image jobs on %s', (provider) => {
  let drop: () => Promise<void>;
  let db: Db;
  beforeAll(async () => {
    ({ drop } = await currentTestDatabase(provider));
    db = (await import('@/lib/db')).db();
  });
  afterAll(() => drop());

  it('two workers share a job: every item once, totals add up, failures keep their reason', async () => {
    const { createJob, getJob } = await import('@/lib/images/jobs');
    const { ImageJobWorker } = await import('@/lib/images/job-worker');
    const items = [
      ...Array.from({ length: 6 }, (_, i) => ({ src: `/p${i}.jpg`, options: { format: 'webp' as const, width: 60 } })),
      { src: '/broken.jpg', options: {} },
      { src: '/missing.jpg', options: {} },
    ];
    const job = await createJob(db, items, 'test');
    expect(job).toMatchObject({ status: 'queued', total: 8, done: 0 });
    const a = new ImageJobWorker('worker-a', 2, 100);
    const b = new ImageJobWorker('worker-b', 2, 100);
    await a.start();
    await b.start();
    try {
      await expect.poll(async () => (await getJob(db, job.id)).status, { timeout: 20_000 }).toBe('done');
    } finally {
      await a.stop();
      await b.stop();
    }
    const done = await getJob(db, job.id);
    expect(done).toMatchObject({ total: 8, done: 6, failed: 2 });
    expect(done.bytesBefore).toBeGreaterThan(done.bytesAfter);
    expect(done.failures?.map((f) => f.src)).toEqual(['/broken.jpg', '/missing.jpg']);
    expect(done.failures?.every((f) => (f.error ?? '').length > 0)).toBe(true);
    const rows = await db.imageJobItem.findMany({ where: { jobId: job.id } });
    expect(new Set(rows.map((r) => r.worker))).toEqual(new Set(['worker-a', 'worker-b'])); // both took part
    expect(rows.every((r) => r.status === 'done' || r.status === 'failed')).toBe(true);
  });

  it('cancel stops pending items; a finished or unknown job cannot be cancelled', async () => {
    const { cancelJob, createJob, getJob } = await import('@/lib/images/jobs');
    const job = await createJob(
      db,
      Array.from({ length: 5 }, (_, i) => ({ src: `/p${i}.jpg`, options: { format: 'avif' as const } })),
      'test',
    );
    const cancelled = await cancelJob(db, job.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelled: 5, done: 0 });
    await expect(cancelJob(db, job.id)).rejects.toMatchObject({ status: 409 });
    await expect(getJob(db, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ status: 404 });
  });

  it('an item claimed by a worker that went away goes back to the queue', async () => {
    const { claimItems, createJob, STALE_CLAIM_MS } = await import('@/lib/images/jobs');
    const job = await createJob(db, [{ src: '/p0.jpg', options: { width: 10 } }], 'test');
    const t0 = new Date();
    expect(await claimItems(db, 'gone', 5, t0)).toHaveLength(1);
    expect(await claimItems(db, 'other', 5, new Date(t0.getTime() + 1_000))).toHaveLength(0); // still someone's
    const again = await claimItems(db, 'other', 5, new Date(t0.getTime() + STALE_CLAIM_MS + 1_000));
    expect(again.map((i) => i.jobId)).toEqual([job.id]);
  });
});
