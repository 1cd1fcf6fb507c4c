// Profiles on disk and in the database: a row per profile (listed with target, time, samples and
// hottest functions) and its data in PROFILES_DIR under the row's id, so no path comes from input.
// Retention and a size cap are applied by the hourly retention job.
import { mkdirSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { config } from '../config';
import { db } from '../db';
import {
  fromSamplingHeapProfile,
  fromV8CpuProfile,
  type Profile,
  type SamplingHeapProfile,
  type V8CpuProfile,
} from './model';
import { withOriginalNames } from './source-maps';
import { loadUpload } from './uploads';

export const KIND_EXT = { cpu: 'cpuprofile', alloc: 'heapprofile', 'heap-snapshot': 'heapsnapshot' } as const;
export type ProfileKind = keyof typeof KIND_EXT;

export function profilesDir(): string {
  const dir = path.resolve(/*turbopackIgnore: true*/ config().PROFILES_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** The file of a profile row (ids are UUIDs made here; anything else is refused). */
export function fileOf(id: string, ext: string): string {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error('not a profile id');
  return path.join(/*turbopackIgnore: true*/ profilesDir(), `${id}.${ext}`);
}

export type ProfileRow = NonNullable<Awaited<ReturnType<typeof getProfileRow>>>;

export function getProfileRow(id: string) {
  return db().profile.findUnique({ where: { id } });
}

export async function listProfiles(opts: { target?: string; kind?: string; page: number; pageSize: number }) {
  const where = { ...(opts.target ? { target: opts.target } : {}), ...(opts.kind ? { kind: opts.kind } : {}) };
  const [rows, count] = await Promise.all([
    db().profile.findMany({
      where,
      orderBy: { startedAt: 'desc' },
      skip: (opts.page - 1) * opts.pageSize,
      take: opts.pageSize,
    }),
    db().profile.count({ where }),
  ]);
  return { data: rows.map(view), count, page: opts.page, pageSize: opts.pageSize };
}

export function view(r: ProfileRow) {
  return {
    ...r,
    file: undefined,
    top: r.top ? (JSON.parse(r.top) as { name: string; file: string; line: number; selfPct: number }[]) : [],
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

/** A stored CPU or allocation profile as the one model (heap snapshots are not profiles). */
export async function loadProfile(row: ProfileRow): Promise<Profile> {
  if (!row.file || row.status !== 'complete') throw new Error('the profile has no data');
  const bytes = await fs.readFile(path.join(/*turbopackIgnore: true*/ profilesDir(), path.basename(row.file)));
  if (row.source === 'import') return loadUpload(bytes);
  // A capture's frames of Redline's own (minified) code get their source names.
  if (row.kind === 'alloc')
    return withOriginalNames(fromSamplingHeapProfile(JSON.parse(bytes.toString('utf8')) as SamplingHeapProfile));
  const stored = JSON.parse(bytes.toString('utf8')) as V8CpuProfile & { redlineLabels?: string[] };
  // Idle samples are the process waiting, not working: the flame graph shows the work.
  return withOriginalNames(fromV8CpuProfile(stored, { labels: stored.redlineLabels }));
}

export async function removeProfile(row: ProfileRow): Promise<void> {
  if (row.file)
    await fs.rm(path.join(/*turbopackIgnore: true*/ profilesDir(), path.basename(row.file)), { force: true });
  await db().profile.delete({ where: { id: row.id } });
}

/** Retention: old profiles, heap snapshots after a day, then the oldest until under the size cap. */
export async function applyProfileRetention(now = Date.now()): Promise<{ deleted: number; minutes: number }> {
  const env = config();
  const stale = await db().profile.findMany({
    where: {
      OR: [
        { startedAt: { lt: new Date(now - env.PROFILES_RETENTION) } },
        { kind: 'heap-snapshot', startedAt: { lt: new Date(now - env.HEAP_SNAPSHOT_RETENTION) } },
        // A capture a stopped process left running.
        { status: 'running', startedAt: { lt: new Date(now - 10 * 60_000) } },
      ],
    },
  });
  for (const r of stale) await removeProfile(r);
  let deleted = stale.length;
  const all = await db().profile.findMany({ orderBy: { startedAt: 'desc' }, select: { id: true, bytes: true } });
  let total = 0;
  for (const r of all) {
    total += r.bytes;
    if (total > env.PROFILES_MAX_BYTES) {
      const row = await getProfileRow(r.id);
      if (row) await removeProfile(row);
      deleted++;
    }
  }
  const minutes = await db().profileMinute.deleteMany({
    where: { minute: { lt: BigInt(now - env.PROFILING_CONTINUOUS_RETENTION) } },
  });
  return { deleted, minutes: minutes.count };
}
