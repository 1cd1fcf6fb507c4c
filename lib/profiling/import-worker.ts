// Runs on the profile-import pool's threads (lib/process/pool.ts), never on the main thread: reads
// an uploaded profile within its limits. A refusal is an answer ({ ok: false, reason }), not a
// throw, so the main thread can tell "this upload is wrong" from "the reader broke".
import { FormatError, type ImportLimits, readProfile, type UploadFormat } from './formats';
import { type Profile, topFunctions } from './model';

export interface UploadInput {
  bytes: Uint8Array;
  limits: ImportLimits;
}

export type Refused = { ok: false; reason: string };

export interface UploadSummary {
  ok: true;
  format: UploadFormat;
  unit: Profile['unit'];
  durationUs: number | undefined;
  samples: number;
  stacks: number;
  top: ReturnType<typeof topFunctions>;
}

function guarded<T>(read: () => T): T | Refused {
  try {
    return read();
  } catch (err) {
    if (err instanceof FormatError) return { ok: false, reason: err.message };
    // A limit the checks missed (stack depth, sizes): still this upload's fault, said plainly.
    if (err instanceof RangeError) return { ok: false, reason: `it is too large or too deep to read (${err.message})` };
    throw err;
  }
}

/** Reads an upload and describes it (what the import stores on its row). */
export function inspect(input: UploadInput): UploadSummary | Refused {
  return guarded(() => {
    const { format, profile } = readProfile(input.bytes, input.limits);
    if (profile.stacks.every((s) => s.value <= 0)) throw new FormatError('the profile has no samples');
    return {
      ok: true as const,
      format,
      unit: profile.unit,
      durationUs: profile.durationUs,
      samples: profile.samples ?? profile.stacks.length,
      stacks: profile.stacks.length,
      top: topFunctions(profile),
    };
  });
}

/** Reads a stored upload back into the one model (to show or convert it). */
export function load(input: UploadInput): { ok: true; profile: Profile } | Refused {
  return guarded(() => ({ ok: true as const, profile: readProfile(input.bytes, input.limits).profile }));
}
