// Pure: speedscope's JSON format (https://www.speedscope.app/file-format-schema.json) in and out.
// Uploads are checked against the schema's shapes; an evented profile's events must open and close
// in order (as speedscope itself requires), within the depth and frame limits.
import { z } from 'zod';
import { type Profile, ProfileBuilder, type ProfileUnit } from '../model';
import { FormatError, type ReadBudget, zodReason } from './limits';

export const SPEEDSCOPE_SCHEMA = 'https://www.speedscope.app/file-format-schema.json';
const UNITS = ['none', 'nanoseconds', 'microseconds', 'milliseconds', 'seconds', 'bytes'] as const;

const frameIndex = z.number().int().nonnegative();
const sampled = z.object({
  type: z.literal('sampled'),
  name: z.string().max(4_096).optional(),
  unit: z.enum(UNITS),
  startValue: z.number(),
  endValue: z.number(),
  samples: z.array(z.array(frameIndex)),
  weights: z.array(z.number().nonnegative()),
});
const evented = z.object({
  type: z.literal('evented'),
  name: z.string().max(4_096).optional(),
  unit: z.enum(UNITS),
  startValue: z.number(),
  endValue: z.number(),
  events: z.array(z.object({ type: z.enum(['O', 'C']), frame: frameIndex, at: z.number() })),
});
const fileSchema = z.object({
  shared: z.object({
    frames: z.array(
      z.object({
        name: z.string().max(4_096),
        file: z.string().max(4_096).optional(),
        line: z.number().int().optional(),
        col: z.number().int().optional(),
      }),
    ),
  }),
  // Only the first profile is read; the rest are checked for their type only.
  profiles: z.tuple([z.discriminatedUnion('type', [sampled, evented])], z.object({ type: z.string() })),
});
type SpeedscopeFile = {
  $schema: string;
  name?: string;
  exporter?: string;
  shared: z.infer<typeof fileSchema>['shared'];
  profiles: (z.infer<typeof sampled> | z.infer<typeof evented>)[];
};

export const looksSpeedscope = (json: Record<string, unknown>): boolean =>
  json.$schema === SPEEDSCOPE_SCHEMA || Array.isArray(json.profiles);

const SCALE: Record<(typeof UNITS)[number], number> = {
  none: 1,
  nanoseconds: 0.001,
  microseconds: 1,
  milliseconds: 1_000,
  seconds: 1e6,
  bytes: 1,
};

export function readSpeedscope(json: unknown, budget: ReadBudget): Profile {
  const raw = json as {
    shared?: { frames?: unknown[] };
    profiles?: { samples?: unknown[]; events?: unknown[] }[];
  };
  const { maxNodes, maxSamples } = budget.limits;
  budget.count('frames', raw.shared?.frames?.length ?? 0, maxNodes);
  const first = Array.isArray(raw.profiles) ? raw.profiles[0] : undefined;
  budget.count('samples', first?.samples?.length ?? 0, maxSamples);
  budget.count('events', first?.events?.length ?? 0, maxSamples);
  budget.count('profiles', Array.isArray(raw.profiles) ? raw.profiles.length : 0, 1_000);
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new FormatError(`not a valid speedscope file: ${zodReason(parsed.error.issues)}`);
  const file = parsed.data;
  const profile = file.profiles[0];
  const unit: ProfileUnit = profile.unit === 'bytes' ? 'bytes' : profile.unit === 'none' ? 'samples' : 'microseconds';
  const scale = SCALE[profile.unit];
  const b = new ProfileBuilder(unit);
  const map = file.shared.frames.map((f) =>
    b.frame({ name: f.name, file: f.file ?? '', line: f.line ?? 0, col: f.col ?? 0 }),
  );
  const frameAt = (i: number) => {
    const f = map[i];
    if (f === undefined) throw new FormatError(`frame ${i} is not in the frame table`);
    return f;
  };
  if (profile.type === 'sampled') {
    if (profile.samples.length !== profile.weights.length)
      throw new FormatError('samples and weights differ in length');
    profile.samples.forEach((stack, i) => {
      budget.stack(stack.length);
      b.add(stack.map(frameAt), (profile.weights[i] ?? 0) * scale);
    });
  } else {
    const open: number[] = [];
    let last = profile.startValue;
    for (const [i, e] of profile.events.entries()) {
      if (e.at < last) throw new FormatError(`event ${i} is earlier than the one before it`);
      if (open.length) {
        budget.stack(open.length);
        b.add(open.map(frameAt), (e.at - last) * scale);
      }
      last = e.at;
      if (e.type === 'O') {
        frameAt(e.frame);
        if (open.length >= budget.limits.maxDepth)
          throw new FormatError(`frames are open ${open.length + 1} deep; at most ${budget.limits.maxDepth} are read`);
        open.push(e.frame);
      } else if (open.pop() !== e.frame)
        throw new FormatError(`event ${i} closes frame ${e.frame}, which is not the innermost open one`);
    }
  }
  return b.build();
}

const UNIT_OUT: Record<ProfileUnit, string> = { microseconds: 'microseconds', bytes: 'bytes', samples: 'none' };

export function toSpeedscope(p: Profile, name: string): SpeedscopeFile {
  // Each sample weighs what it stands for in the model (the same totals as every other export).
  const order = p.timeline?.length ? p.timeline.map((t) => t.stack) : p.stacks.map((_, i) => i);
  const weights = p.timeline?.length ? p.timeline.map((t) => t.weight) : p.stacks.map((s) => s.value);
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
        unit: UNIT_OUT[p.unit] as (typeof UNITS)[number],
        startValue: 0,
        endValue: total,
        samples: order.map((i) => p.stacks[i]?.frames ?? []),
        weights,
      },
    ],
  };
}
