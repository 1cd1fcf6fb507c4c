// Pure: pprof (the protobuf profile of Go's pprof and Google's tools, through pprof-format) in and
// out. Uploads are checked for counts, depth, ids that resolve and values that are not negative.
import {
  Function as PprofFunction,
  Line,
  Location,
  Profile as PprofProfile,
  Sample,
  StringTable,
  ValueType,
} from 'pprof-format';
import { type Profile, ProfileBuilder, type ProfileUnit } from '../model';
import { FormatError, type ReadBudget } from './limits';

const PPROF_UNITS: Record<ProfileUnit, [string, string]> = {
  microseconds: ['cpu', 'nanoseconds'],
  bytes: ['space', 'bytes'],
  samples: ['samples', 'count'],
};

/**
 * A pprof profile as Go's and Google's tools expect it (the caller gzips it, as profile.proto
 * says): a CPU profile has the sample types samples/count and cpu/nanoseconds (the last is the
 * default view) and its sampling period; values add up to the model's totals, like every export.
 */
export function toPprof(p: Profile): Uint8Array {
  const strings = new StringTable();
  const functions: PprofFunction[] = [];
  const locations: Location[] = [];
  p.frames.forEach((f, i) => {
    functions.push(
      new PprofFunction({
        id: i + 1,
        name: strings.dedup(f.name),
        systemName: strings.dedup(f.name),
        filename: strings.dedup(f.file),
        startLine: f.line,
      }),
    );
    locations.push(new Location({ id: i + 1, line: [new Line({ functionId: i + 1, line: f.line, column: f.col })] }));
  });
  const cpu = p.unit === 'microseconds';
  const total = p.stacks.reduce((n, s) => n + s.value, 0);
  // Samples per stack: counted off the timeline when there is one, else from the period.
  const counts = new Array<number>(p.stacks.length).fill(0);
  for (const t of p.timeline ?? []) counts[t.stack] = (counts[t.stack] ?? 0) + 1;
  const sampleCount = p.timeline?.length ?? p.samples ?? 0;
  const periodUs = cpu ? (sampleCount > 0 ? total / sampleCount : 1_000) : 1;
  const [type, unit] = PPROF_UNITS[p.unit];
  const valueType = new ValueType({ type: strings.dedup(type), unit: strings.dedup(unit) });
  const countType = new ValueType({ type: strings.dedup('samples'), unit: strings.dedup('count') });
  const sample = p.stacks.map((s, i) => {
    const value = cpu ? Math.round(s.value * 1_000) : Math.round(s.value);
    const n = p.timeline?.length ? (counts[i] ?? 0) : Math.max(1, Math.round(s.value / periodUs));
    // pprof lists a sample's locations leaf first.
    const locationId = [...s.frames].reverse().map((f) => f + 1);
    return new Sample({ locationId, value: cpu ? [n, value] : [value] });
  });
  const profile = new PprofProfile({
    sampleType: cpu ? [countType, valueType] : [valueType],
    sample,
    location: locations,
    function: functions,
    stringTable: strings,
    periodType: valueType,
    period: cpu ? Math.max(1, Math.round(periodUs * 1_000)) : 1,
    durationNanos: Math.round((p.durationUs ?? total) * 1_000),
  });
  return profile.encode();
}

export function readPprof(bytes: Uint8Array, budget: ReadBudget): Profile {
  let pp: PprofProfile;
  try {
    pp = PprofProfile.decode(bytes);
  } catch (err) {
    throw new FormatError(`not a pprof profile: ${(err as Error).message}`);
  }
  const { maxNodes, maxSamples } = budget.limits;
  budget.count('samples', pp.sample.length, maxSamples);
  budget.count('locations', pp.location.length, maxNodes);
  budget.count('functions', pp.function.length, maxNodes);
  if (pp.sample.length === 0) throw new FormatError('not a pprof profile: it has no samples');
  if (pp.sampleType.length === 0) throw new FormatError('the profile names no sample type');
  const strings = pp.stringTable.strings;
  const str = (i: unknown) => {
    const s = strings[Number(i)];
    if (s === undefined) throw new FormatError(`string ${i} is not in the string table`);
    return s;
  };
  // The last sample type is pprof's default (e.g. cpu nanoseconds after a samples count).
  const idx = pp.sampleType.length - 1;
  const unitName = str(pp.sampleType[idx]?.unit);
  const unit: ProfileUnit = unitName === 'bytes' ? 'bytes' : /second/.test(unitName) ? 'microseconds' : 'samples';
  const scale =
    unitName === 'nanoseconds' ? 0.001 : unitName === 'milliseconds' ? 1_000 : unitName === 'seconds' ? 1e6 : 1;
  const fns = new Map(pp.function.map((f) => [Number(f.id), f]));
  const locs = new Map(pp.location.map((l) => [Number(l.id), l]));
  const b = new ProfileBuilder(unit);
  for (const s of pp.sample) {
    const value = Number(s.value[idx] ?? Number.NaN);
    if (!Number.isFinite(value)) throw new FormatError('a sample has fewer values than the profile has sample types');
    if (value < 0)
      throw new FormatError('a sample has a negative value (a diff profile?); Redline reads plain profiles');
    const frames: number[] = [];
    for (const lid of s.locationId) {
      const loc = locs.get(Number(lid));
      if (!loc) throw new FormatError(`sample names location ${lid}, which is not defined`);
      if (frames.length + loc.line.length > budget.limits.maxDepth) budget.stack(frames.length + loc.line.length); // throws
      // A location's lines are innermost first (inlined functions).
      for (let i = loc.line.length - 1; i >= 0; i--) {
        const line = loc.line[i] as Line;
        const fn = fns.get(Number(line.functionId));
        if (!fn && Number(line.functionId) !== 0)
          throw new FormatError(`location ${lid} names function ${line.functionId}, which is not defined`);
        frames.push(
          b.frame({
            name: fn ? str(fn.name) : '?',
            file: fn ? str(fn.filename) : '',
            line: Number(line.line),
            col: Number(line.column ?? 0),
          }),
        );
      }
    }
    budget.stack(frames.length);
    frames.reverse(); // root first
    b.add(frames, value * scale);
  }
  const durationUs = Number(pp.durationNanos) / 1_000;
  return b.build({ durationUs: Number.isFinite(durationUs) && durationUs > 0 ? durationUs : undefined });
}
