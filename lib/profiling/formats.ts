// Pure: profiles in and out of the formats other tools read — V8 .cpuprofile (Chrome DevTools),
// speedscope JSON, pprof (protobuf, through pprof-format) and folded stacks (Brendan Gregg's
// flamegraph.pl) — and recognising which one an upload is.
import { gunzipSync } from 'node:zlib';
import {
  Function as PprofFunction,
  Line,
  Location,
  Profile as PprofProfile,
  Sample,
  StringTable,
  ValueType,
} from 'pprof-format';
import {
  type Frame,
  fromV8CpuProfile,
  type Profile,
  ProfileBuilder,
  type ProfileUnit,
  type V8CpuProfile,
} from './model';

export const FORMATS = ['cpuprofile', 'speedscope', 'pprof', 'folded'] as const;
export type ProfileFormat = (typeof FORMATS)[number];

export class FormatError extends Error {}

// ---- V8 .cpuprofile ------------------------------------------------------------------------

/**
 * A .cpuprofile DevTools opens: one node per distinct stack prefix; with a timeline the samples
 * replay it, otherwise each stack's value is spread as samples of a nominal interval.
 */
export function toV8CpuProfile(p: Profile, intervalUs = 1_000): V8CpuProfile {
  const nodes: V8CpuProfile['nodes'] = [
    {
      id: 1,
      callFrame: { functionName: '(root)', scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 },
      hitCount: 0,
      children: [],
    },
  ];
  const childOf = new Map<string, number>();
  const nodeOfStack: number[] = [];
  for (const s of p.stacks) {
    let parent = 1;
    for (const f of s.frames) {
      const key = `${parent}:${f}`;
      let id = childOf.get(key);
      if (id === undefined) {
        const fr = p.frames[f] as Frame;
        id = nodes.length + 1;
        nodes.push({
          id,
          callFrame: {
            functionName: fr.name,
            scriptId: '0',
            url: fr.file,
            lineNumber: fr.line - 1,
            columnNumber: fr.col - 1,
          },
          hitCount: 0,
          children: [],
        });
        nodes[parent - 1]?.children?.push(id);
        childOf.set(key, id);
      }
      parent = id;
    }
    nodeOfStack.push(parent);
  }
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  const start = p.startedAt ?? 0;
  if (p.timeline?.length) {
    let prev = start;
    for (const t of p.timeline) {
      const id = nodeOfStack[t.stack];
      if (id === undefined) continue;
      samples.push(id);
      timeDeltas.push(Math.max(0, Math.round(t.at - prev)));
      prev = t.at;
    }
  } else {
    p.stacks.forEach((s, i) => {
      const n = Math.max(1, Math.round(s.value / intervalUs));
      for (let k = 0; k < n; k++) {
        samples.push(nodeOfStack[i] as number);
        timeDeltas.push(intervalUs);
      }
    });
  }
  for (const id of samples) {
    const n = nodes[id - 1];
    if (n) n.hitCount = (n.hitCount ?? 0) + 1;
  }
  const end = start + timeDeltas.reduce((a, b) => a + b, 0);
  return { nodes, startTime: start, endTime: end, samples, timeDeltas };
}

function isV8CpuProfile(x: unknown): x is V8CpuProfile {
  const o = x as Partial<V8CpuProfile> | null;
  return (
    !!o &&
    Array.isArray(o.nodes) &&
    typeof o.startTime === 'number' &&
    o.nodes.every((n) => n && typeof n.id === 'number' && n.callFrame && typeof n.callFrame.functionName === 'string')
  );
}

// ---- speedscope ----------------------------------------------------------------------------

interface SpeedscopeFile {
  $schema: string;
  shared: { frames: { name: string; file?: string; line?: number; col?: number }[] };
  profiles: (
    | {
        type: 'sampled';
        name: string;
        unit: string;
        startValue: number;
        endValue: number;
        samples: number[][];
        weights: number[];
      }
    | {
        type: 'evented';
        name: string;
        unit: string;
        startValue: number;
        endValue: number;
        events: { type: 'O' | 'C'; frame: number; at: number }[];
      }
  )[];
  name?: string;
  exporter?: string;
}

const SPEEDSCOPE_SCHEMA = 'https://www.speedscope.app/file-format-schema.json';
const SPEEDSCOPE_UNIT: Record<ProfileUnit, string> = { microseconds: 'microseconds', bytes: 'bytes', samples: 'none' };

export function toSpeedscope(p: Profile, name: string): SpeedscopeFile {
  const order = p.timeline?.length ? p.timeline.map((t) => t.stack) : p.stacks.map((_, i) => i);
  const weights = p.timeline?.length
    ? p.timeline.map((t, i) => {
        const next = p.timeline?.[i + 1];
        return next
          ? next.at - t.at
          : (p.stacks[t.stack]?.value ?? 0) / Math.max(1, order.filter((x) => x === t.stack).length);
      })
    : p.stacks.map((s) => s.value);
  const total = weights.reduce((a, b) => a + b, 0);
  return {
    $schema: SPEEDSCOPE_SCHEMA,
    name,
    exporter: 'redline',
    shared: {
      frames: p.frames.map((f) => ({
        name: f.name,
        file: f.file || undefined,
        line: f.line || undefined,
        col: f.col || undefined,
      })),
    },
    profiles: [
      {
        type: 'sampled',
        name,
        unit: SPEEDSCOPE_UNIT[p.unit],
        startValue: 0,
        endValue: total,
        samples: order.map((i) => p.stacks[i]?.frames ?? []),
        weights,
      },
    ],
  };
}

function fromSpeedscope(file: SpeedscopeFile): Profile {
  const first = file.profiles?.[0];
  if (!first || !Array.isArray(file.shared?.frames)) throw new FormatError('a speedscope file with no profile');
  const unit: ProfileUnit = first.unit === 'bytes' ? 'bytes' : first.unit === 'none' ? 'samples' : 'microseconds';
  const scale =
    first.unit === 'milliseconds' ? 1_000 : first.unit === 'nanoseconds' ? 0.001 : first.unit === 'seconds' ? 1e6 : 1;
  const b = new ProfileBuilder(unit);
  const map = file.shared.frames.map((f) =>
    b.frame({
      name: String(f.name ?? '?'),
      file: String(f.file ?? ''),
      line: Number(f.line ?? 0),
      col: Number(f.col ?? 0),
    }),
  );
  const frameAt = (i: number) => {
    const f = map[i];
    if (f === undefined) throw new FormatError(`frame ${i} is not in the frame table`);
    return f;
  };
  if (first.type === 'sampled') {
    if (!Array.isArray(first.samples) || !Array.isArray(first.weights) || first.samples.length !== first.weights.length)
      throw new FormatError('samples and weights differ in length');
    first.samples.forEach((stack, i) => {
      b.add(stack.map(frameAt), (first.weights[i] ?? 0) * scale);
    });
  } else if (first.type === 'evented') {
    const open: { frame: number; at: number }[] = [];
    let last = first.startValue;
    for (const e of first.events ?? []) {
      if (open.length)
        b.add(
          open.map((o) => frameAt(o.frame)),
          (e.at - last) * scale,
        );
      last = e.at;
      if (e.type === 'O') open.push({ frame: e.frame, at: e.at });
      else open.pop();
    }
  } else throw new FormatError('unknown speedscope profile type');
  return b.build();
}

// ---- pprof ---------------------------------------------------------------------------------

const PPROF_UNITS: Record<ProfileUnit, [string, string]> = {
  microseconds: ['cpu', 'nanoseconds'],
  bytes: ['space', 'bytes'],
  samples: ['samples', 'count'],
};

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
  const [type, unit] = PPROF_UNITS[p.unit];
  const factor = p.unit === 'microseconds' ? 1_000 : 1;
  const profile = new PprofProfile({
    sampleType: [new ValueType({ type: strings.dedup(type), unit: strings.dedup(unit) })],
    // pprof lists a sample's locations leaf first.
    sample: p.stacks.map(
      (s) =>
        new Sample({ locationId: [...s.frames].reverse().map((f) => f + 1), value: [Math.round(s.value * factor)] }),
    ),
    location: locations,
    function: functions,
    stringTable: strings,
    durationNanos: Math.round((p.durationUs ?? 0) * 1_000),
  });
  return profile.encode();
}

function fromPprof(bytes: Uint8Array): Profile {
  let pp: PprofProfile;
  try {
    pp = PprofProfile.decode(bytes);
  } catch (err) {
    throw new FormatError(`not a pprof profile: ${(err as Error).message}`);
  }
  const str = (i: unknown) => pp.stringTable.strings[Number(i)] ?? '';
  // The last sample type is pprof's default (e.g. cpu nanoseconds after a samples count).
  const idx = Math.max(0, pp.sampleType.length - 1);
  const st = pp.sampleType[idx];
  const unitName = st ? str(st.unit) : '';
  const unit: ProfileUnit = unitName === 'bytes' ? 'bytes' : /second/.test(unitName) ? 'microseconds' : 'samples';
  const scale =
    unitName === 'nanoseconds' ? 0.001 : unitName === 'milliseconds' ? 1_000 : unitName === 'seconds' ? 1e6 : 1;
  const fns = new Map(pp.function.map((f) => [Number(f.id), f]));
  const locs = new Map(pp.location.map((l) => [Number(l.id), l]));
  const b = new ProfileBuilder(unit);
  for (const s of pp.sample) {
    const frames: number[] = [];
    for (const lid of s.locationId) {
      const loc = locs.get(Number(lid));
      if (!loc) throw new FormatError(`sample names location ${lid}, which is not defined`);
      // A location's lines are innermost first (inlined functions).
      for (const line of [...loc.line].reverse()) {
        const fn = fns.get(Number(line.functionId));
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
    frames.reverse(); // root first
    b.add(frames, Number(s.value[idx] ?? 0) * scale);
  }
  if (pp.sample.length === 0) throw new FormatError('not a pprof profile: it has no samples');
  return b.build({ durationUs: Number(pp.durationNanos) / 1_000 || undefined });
}

// ---- folded stacks -------------------------------------------------------------------------

export function toFolded(p: Profile): string {
  const name = (i: number) => (p.frames[i]?.name ?? '?').replace(/[;\n]/g, '_') || '(anonymous)';
  return `${p.stacks.map((s) => `${s.frames.map(name).join(';')} ${Math.round(s.value)}`).join('\n')}\n`;
}

function fromFolded(text: string, unit: ProfileUnit): Profile {
  const b = new ProfileBuilder(unit);
  let n = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    n++;
    const sp = line.lastIndexOf(' ');
    const value = Number(line.slice(sp + 1));
    if (sp < 0 || !Number.isFinite(value) || value < 0)
      throw new FormatError(`line ${n}: expected "frame;frame;… count"`);
    const frames = line
      .slice(0, sp)
      .split(';')
      .map((name) => b.frame({ name, file: '', line: 0, col: 0 }));
    b.add(frames, value);
  }
  if (n === 0) throw new FormatError('no stacks');
  return b.build();
}

// ---- detection -----------------------------------------------------------------------------

/** Text whose first line is "frames… count" (checked by hand: no regex over an upload). */
function looksFolded(text: string): boolean {
  if (text.includes('\u0000')) return false;
  const first =
    text
      .slice(0, 4_096)
      .split('\n')
      .find((l) => l.trim()) ?? '';
  const sp = first.trimEnd().lastIndexOf(' ');
  return sp > 0 && Number.isFinite(Number(first.trimEnd().slice(sp + 1)));
}

/** Reads an upload in whichever format it is in; throws FormatError saying what is wrong. */
export function readProfile(bytes: Buffer): { format: ProfileFormat; profile: Profile } {
  let data = bytes;
  if (data[0] === 0x1f && data[1] === 0x8b) {
    try {
      data = gunzipSync(data, { maxOutputLength: 512 * 1024 * 1024 });
    } catch {
      throw new FormatError('the upload is gzip but does not inflate');
    }
  }
  const head = data.subarray(0, 64).toString('utf8').trimStart();
  if (head.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(data.toString('utf8'));
    } catch (err) {
      throw new FormatError(`not valid JSON: ${(err as Error).message}`);
    }
    if (isV8CpuProfile(json)) return { format: 'cpuprofile', profile: fromV8CpuProfile(json) };
    if (
      (json as { $schema?: string }).$schema === SPEEDSCOPE_SCHEMA ||
      Array.isArray((json as SpeedscopeFile).profiles)
    )
      return { format: 'speedscope', profile: fromSpeedscope(json as SpeedscopeFile) };
    throw new FormatError('JSON, but neither a .cpuprofile nor a speedscope file');
  }
  const text = data.toString('utf8');
  if (looksFolded(text)) {
    return { format: 'folded', profile: fromFolded(text, 'samples') };
  }
  return { format: 'pprof', profile: fromPprof(data) };
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
      return { body: Buffer.from(toPprof(p)), contentType: 'application/octet-stream', ext: 'pb' };
    case 'folded':
      return { body: Buffer.from(toFolded(p)), contentType: 'text/plain; charset=utf-8', ext: 'folded' };
  }
}
