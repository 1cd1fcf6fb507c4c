// Pure: profiles in and out of the formats other tools read — V8 .cpuprofile (Chrome DevTools),
// V8 .heapprofile (read only), speedscope JSON, pprof (protobuf) and folded stacks — and
// recognising which one an upload is. Uploads are read within ImportLimits: a FormatError says what
// is wrong or too large, and nothing an upload says makes the reader work past those bounds.
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Profile } from '../model';
import { toFolded, looksFolded, readFolded } from './folded';
import { looksHeapProfile, readHeapProfile } from './heap';
import { FormatError, IMPORT_LIMITS, type ImportLimits, ReadBudget } from './limits';
import { readPprof, toPprof } from './pprof';
import { looksSpeedscope, readSpeedscope, toSpeedscope } from './speedscope';
import { looksV8, readV8CpuProfile, toV8CpuProfile } from './v8';

export { FormatError, IMPORT_LIMITS, type ImportLimits } from './limits';
export { toFolded } from './folded';
export { toPprof } from './pprof';
export { toSpeedscope } from './speedscope';
export { toV8CpuProfile } from './v8';

/** Formats a profile can be downloaded in. */
export const FORMATS = ['cpuprofile', 'speedscope', 'pprof', 'folded'] as const;
export type ProfileFormat = (typeof FORMATS)[number];
/** Formats an upload can be in. */
export type UploadFormat = ProfileFormat | 'heapprofile';
export const UPLOAD_EXT: Record<UploadFormat, string> = {
  cpuprofile: 'cpuprofile',
  heapprofile: 'heapprofile',
  speedscope: 'speedscope.json',
  pprof: 'pb',
  folded: 'folded',
};

function inflate(bytes: Uint8Array, limits: ImportLimits): Buffer {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (data[0] !== 0x1f || data[1] !== 0x8b) {
    if (data.length > limits.maxInflatedBytes)
      throw new FormatError(`the upload is over ${limits.maxInflatedBytes} bytes`);
    return data;
  }
  try {
    return gunzipSync(data, { maxOutputLength: limits.maxInflatedBytes });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new FormatError(`the upload inflates past ${limits.maxInflatedBytes} bytes`);
    throw new FormatError('the upload is gzip but does not inflate');
  }
}

/** Reads an upload in whichever format it is in; throws FormatError saying what is wrong. */
export function readProfile(
  bytes: Uint8Array,
  limits: ImportLimits = IMPORT_LIMITS,
): { format: UploadFormat; profile: Profile } {
  const data = inflate(bytes, limits);
  const budget = new ReadBudget(limits);
  const head = data.subarray(0, 64).toString('utf8').trimStart();
  if (head.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(data.toString('utf8'));
    } catch (err) {
      throw new FormatError(`not valid JSON: ${(err as Error).message.slice(0, 200)}`);
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      throw new FormatError('JSON, but not an object');
    const o = json as Record<string, unknown>;
    if (looksV8(o)) return { format: 'cpuprofile', profile: readV8CpuProfile(o, budget) };
    if (looksSpeedscope(o)) return { format: 'speedscope', profile: readSpeedscope(o, budget) };
    if (looksHeapProfile(o)) return { format: 'heapprofile', profile: readHeapProfile(o, budget) };
    throw new FormatError('JSON, but neither a .cpuprofile, a .heapprofile nor a speedscope file');
  }
  const text = data.toString('utf8');
  if (looksFolded(text)) return { format: 'folded', profile: readFolded(text, 'samples', budget) };
  return { format: 'pprof', profile: readPprof(data, budget) };
}

export function writeProfile(
  p: Profile,
  format: ProfileFormat,
  name: string,
): { body: Buffer; contentType: string; ext: string } {
  switch (format) {
    case 'cpuprofile':
      return {
        body: Buffer.from(JSON.stringify(toV8CpuProfile(p))),
        contentType: 'application/json',
        ext: 'cpuprofile',
      };
    case 'speedscope':
      return {
        body: Buffer.from(JSON.stringify(toSpeedscope(p, name))),
        contentType: 'application/json',
        ext: 'speedscope.json',
      };
    case 'pprof':
      // Gzipped, as profile.proto specifies and `go tool pprof` writes it.
      return { body: gzipSync(toPprof(p)), contentType: 'application/octet-stream', ext: 'pb.gz' };
    case 'folded':
      return { body: Buffer.from(toFolded(p)), contentType: 'text/plain; charset=utf-8', ext: 'folded' };
  }
}
