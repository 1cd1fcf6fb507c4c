// Uploaded profiles are read on the profile-import pool's thread, within limits of bytes, counts,
// depth, time and memory: the main thread only moves the bytes. Every way an upload can be wrong or
// too large answers 422 with the reason; a full queue answers 503.
import { ownBytes } from '../api/body';
import { ApiError } from '../api/errors';
import { config } from '../config';
import { isPoolError, WorkerPool } from '../process/pool';
import { once, peek, slot } from '../process/registry';
import { IMPORT_LIMITS, type ImportLimits } from './formats';
import type { Refused, UploadInput, UploadSummary } from './import-worker';
import type { Profile } from './model';

/** the thread pool that reads uploaded profiles */
export const PROFILE_IMPORT = slot<WorkerPool>('profileImport');

/** How long one upload may take to read, and the heap its thread may use. */
export const READ_TIMEOUT_MS = 30_000;
export const READ_HEAP_MB = 512;

const pool = () =>
  once(
    PROFILE_IMPORT,
    () =>
      new WorkerPool({
        label: 'profile import',
        entry: 'lib/profiling/import-worker.ts',
        maxThreads: 1,
        maxQueue: 8,
        idleTimeoutMs: 30_000,
        resourceLimits: { maxOldGenerationSizeMb: READ_HEAP_MB, maxYoungGenerationSizeMb: 32 },
        background: true,
      }),
  );

function limits(): ImportLimits {
  // An uncompressed upload may be as large as the upload limit allows.
  return {
    ...IMPORT_LIMITS,
    maxInflatedBytes: Math.max(IMPORT_LIMITS.maxInflatedBytes, config().PROFILE_IMPORT_MAX_BYTES),
  };
}

async function read<T extends { ok: true }>(task: 'inspect' | 'load', bytes: Buffer): Promise<T> {
  const own = ownBytes(bytes); // transferred, not copied (a pooled slice is copied once)
  const input: UploadInput = { bytes: own, limits: limits() };
  let out: T | Refused;
  try {
    out = await pool().run<UploadInput, T | Refused>(task, input, {
      transfer: [own.buffer],
      timeoutMs: READ_TIMEOUT_MS,
    });
  } catch (err) {
    if (!isPoolError(err)) throw err;
    if (err.kind === 'busy' || err.kind === 'closed')
      throw new ApiError('unavailable', 'Other profiles are being read; try again shortly', undefined, {
        'retry-after': '5',
      });
    const why =
      err.kind === 'timeout'
        ? `reading it took longer than ${READ_TIMEOUT_MS / 1000} s`
        : err.kind === 'out_of_memory'
          ? `reading it needed more than ${READ_HEAP_MB} MB`
          : 'the reader stopped on it';
    throw new ApiError('unprocessable', `Not a profile Redline reads: ${why}`);
  }
  if (!out.ok) throw new ApiError('unprocessable', `Not a profile Redline reads: ${(out as Refused).reason}`);
  return out;
}

/** What an upload is, read off the main thread (422 with the reason when it is not a profile). */
export const inspectUpload = (bytes: Buffer) => read<UploadSummary>('inspect', bytes);

/** A stored upload as the one model, read off the main thread. */
export async function loadUpload(bytes: Buffer): Promise<Profile> {
  return (await read<{ ok: true; profile: Profile }>('load', bytes)).profile;
}

export async function closeUploadReader(): Promise<void> {
  await peek(PROFILE_IMPORT)?.close();
}
