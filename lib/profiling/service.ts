// What the profiling API answers: a profile's data for the flame graph, downloads in each format,
// imports, continuous ranges, and diffs of any two of them.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from '../api/errors';
import { config } from '../config';
import { db } from '../db';
import { continuousRange } from './continuous';
import { type ProfileFormat, UPLOAD_EXT, writeProfile } from './formats';
import { labelTotals, type Profile, topFunctions, withLabel } from './model';
import { fileOf, getProfileRow, loadProfile, profilesDir, type ProfileRow, view } from './store';
import { inspectUpload } from './uploads';

/** A profile to show or compare: a stored one, or a range of a target's continuous profile. */
export const sourceSchema = z.union([
  z.string().regex(/^profile:[0-9a-f-]{36}$/, 'profile:<id>'),
  z.string().regex(/^continuous:[a-z0-9:_.-]{1,80}@\d{1,15}-\d{1,15}$/, 'continuous:<target>@<fromMs>-<toMs>'),
]);

async function rowOrThrow(id: string): Promise<ProfileRow> {
  const row = await getProfileRow(id);
  if (!row) throw new ApiError('not_found', 'No such profile');
  return row;
}

export async function resolveSource(source: string, label?: string): Promise<{ profile: Profile; name: string }> {
  if (source.startsWith('profile:')) {
    const row = await rowOrThrow(source.slice('profile:'.length));
    if (row.kind === 'heap-snapshot')
      throw new ApiError('unprocessable', 'A heap snapshot is not a flame graph; use leak triage');
    if (row.status !== 'complete') throw new ApiError('conflict', `The profile is ${row.status}`);
    const p = await loadProfile(row);
    return { profile: label ? withLabel(p, label) : p, name: row.name };
  }
  const m = /^continuous:(.+)@(\d+)-(\d+)$/.exec(source);
  const [target, from, to] = [m?.[1] ?? '', Number(m?.[2]), Number(m?.[3])];
  if (!(from < to)) throw new ApiError('bad_request', 'a continuous range needs from < to');
  if (to - from > 7 * 86_400_000 + 60_000) throw new ApiError('bad_request', 'a continuous range spans at most 7 days');
  const p = await continuousRange(target, from, to);
  if (p.minutes === 0) throw new ApiError('not_found', `No continuous profile of ${target} was recorded in that range`);
  return {
    profile: label ? withLabel(p, label) : p,
    name: `${target}, ${new Date(from).toISOString()} – ${new Date(to).toISOString()}`,
  };
}

/** The flame graph's data: the profile (timeline kept for the time-ordered view), labels, top functions. */
export async function profileData(source: string, label?: string) {
  const { profile, name } = await resolveSource(source, label);
  const all = label ? (await resolveSource(source)).profile : profile;
  return { name, profile, labels: labelTotals(all), top: topFunctions(profile, 10) };
}

export async function downloadProfile(id: string, format: ProfileFormat): Promise<Response> {
  const row = await rowOrThrow(id);
  const stem = row.name.replace(/[^\w.-]+/g, '-').slice(0, 60) || 'profile';
  if (row.kind === 'heap-snapshot') {
    if (!row.file || row.status !== 'complete') throw new ApiError('conflict', `The snapshot is ${row.status}`);
    const bytes = await fs.readFile(path.join(/*turbopackIgnore: true*/ profilesDir(), path.basename(row.file)));
    return new Response(new Uint8Array(bytes), {
      headers: {
        'content-type': 'application/json',
        'content-disposition': `attachment; filename="${stem}.heapsnapshot"`,
      },
    });
  }
  const { profile } = await resolveSource(`profile:${id}`);
  const out = writeProfile(profile, format, row.name);
  return new Response(new Uint8Array(out.body), {
    headers: { 'content-type': out.contentType, 'content-disposition': `attachment; filename="${stem}.${out.ext}"` },
  });
}

export const importQuery = z.strictObject({ name: z.string().trim().min(1).max(120).default('Imported profile') });

/** Stores an uploaded profile in whichever format it is; nothing is stored when it does not read. */
export async function importProfile(bytes: Buffer, name: string, by: string) {
  if (bytes.length > config().PROFILE_IMPORT_MAX_BYTES)
    throw new ApiError('payload_too_large', `Profiles are at most ${config().PROFILE_IMPORT_MAX_BYTES} bytes`);
  const size = bytes.length;
  const id = randomUUID();
  // Written before the reader takes the bytes over (they are moved to its thread, not copied).
  const pending = fileOf(id, 'upload');
  await fs.writeFile(pending, bytes, { mode: 0o600 });
  const read = await inspectUpload(bytes).catch(async (err: unknown) => {
    await fs.rm(pending, { force: true });
    throw err;
  });
  const ext = UPLOAD_EXT[read.format];
  await fs.rename(pending, fileOf(id, ext));
  const row = await db().profile.create({
    data: {
      id,
      target: 'import',
      targetLabel: `imported ${read.format}`,
      kind: read.unit === 'bytes' ? 'alloc' : 'cpu',
      source: 'import',
      format: read.format,
      status: 'complete',
      name,
      startedAt: new Date(),
      finishedAt: new Date(),
      durationMs: Math.round((read.durationUs ?? 0) / 1_000),
      samples: read.samples,
      bytes: size,
      file: `${id}.${ext}`,
      top: JSON.stringify(read.top),
      createdBy: by,
    },
  });
  return view(row);
}
