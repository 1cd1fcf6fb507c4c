// Generated profile uploads, mostly broken in some way (wrong types, cycles, dangling ids,
// Infinity, __proto__ keys, damaged protobuf): the unit fuzz feeds them to the readers and the
// end-to-end fuzz uploads them.
import fc from 'fast-check';
import {
  Function as PprofFunction,
  Line,
  Location,
  Profile as PprofProfile,
  Sample,
  StringTable,
  ValueType,
} from 'pprof-format';

const INF = '"\u0000inf"';
/** JSON text in which some numbers are 1e999 (JSON.parse reads it as Infinity). */
const jsonText = (v: unknown) => JSON.stringify(v).replaceAll(INF, '1e999');
const weird = fc.oneof(
  fc.constant(INF.slice(1, -1)),
  fc.constant(null),
  fc.boolean(),
  fc.string({ maxLength: 8 }),
  fc.double(),
  fc.integer({ min: -3, max: 40 }),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true}}') as unknown),
  fc.array(fc.integer({ min: -1, max: 40 }), { maxLength: 4 }),
);
/** Mostly the right type, sometimes anything. */
const mostly = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: weird });
const id = fc.integer({ min: 0, max: 40 });
const callFrame = mostly(
  fc.record({
    functionName: fc.string({ maxLength: 6 }),
    url: fc.string({ maxLength: 6 }),
    lineNumber: fc.integer(),
    columnNumber: fc.integer(),
  }),
);

/** A heap profile node with children down to `depth` levels. */
const heapNode = (depth: number): fc.Arbitrary<unknown> =>
  fc.record({
    callFrame,
    selfSize: mostly(fc.integer({ min: -10, max: 1000 })),
    id: mostly(id),
    children: depth === 0 ? mostly(fc.constant([])) : mostly(fc.array(heapNode(depth - 1), { maxLength: 3 })),
  });

export const profileArbitraries: Record<string, fc.Arbitrary<Buffer>> = {
  cpuprofile: fc
    .record({
      nodes: mostly(
        fc.array(
          fc.record({
            id: mostly(id),
            callFrame,
            hitCount: mostly(fc.nat(5)),
            children: mostly(fc.array(mostly(id), { maxLength: 4 })),
          }),
          { maxLength: 40 },
        ),
      ),
      startTime: mostly(fc.integer()),
      endTime: mostly(fc.integer()),
      samples: mostly(fc.array(mostly(id), { maxLength: 60 })),
      timeDeltas: mostly(fc.array(mostly(fc.integer({ min: -5, max: 1000 })), { maxLength: 60 })),
    })
    .map((o) => Buffer.from(jsonText(o))),
  heapprofile: heapNode(5).map((head) => Buffer.from(jsonText({ head, samples: [] }))),
  speedscope: fc
    .record({
      frames: mostly(
        fc.array(mostly(fc.record({ name: mostly(fc.string({ maxLength: 5 })), line: mostly(fc.integer()) })), {
          maxLength: 10,
        }),
      ),
      type: mostly(fc.constantFrom('sampled', 'evented', 'other')),
      unit: mostly(fc.constantFrom('none', 'nanoseconds', 'milliseconds', 'bytes', 'parsecs')),
      samples: mostly(
        fc.array(mostly(fc.array(mostly(fc.integer({ min: -1, max: 12 })), { maxLength: 6 })), { maxLength: 30 }),
      ),
      weights: mostly(fc.array(mostly(fc.double()), { maxLength: 30 })),
      events: mostly(
        fc.array(
          fc.record({
            type: mostly(fc.constantFrom('O', 'C')),
            frame: mostly(fc.integer({ min: -1, max: 12 })),
            at: mostly(fc.integer({ min: 0, max: 100 })),
          }),
          { maxLength: 40 },
        ),
      ),
    })
    .map(({ frames, ...p }) =>
      Buffer.from(
        jsonText({
          $schema: 'https://www.speedscope.app/file-format-schema.json',
          shared: { frames },
          profiles: [{ startValue: 0, endValue: 100, ...p }],
        }),
      ),
    ),
  folded: fc
    .array(
      fc.tuple(
        fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.constantFrom('', ' ', ';', '\u0000')), { maxLength: 8 }),
        fc.oneof(fc.nat(), fc.constantFrom('NaN', '-1', '1e999', 'x', '')),
      ),
      { maxLength: 30 },
    )
    .map((lines) => Buffer.from(`main;x 1\n${lines.map(([f, v]) => `${f.join(';')} ${v}`).join('\n')}`)),
  pprof: fc
    .record({
      strings: fc.array(fc.string({ maxLength: 5 }), { maxLength: 6 }),
      fns: fc.array(fc.record({ id: fc.integer({ min: 1, max: 8 }), name: fc.integer({ min: 0, max: 9 }) }), {
        maxLength: 6,
      }),
      locs: fc.array(
        fc.record({
          id: fc.integer({ min: 0, max: 8 }),
          fns: fc.array(fc.integer({ min: 0, max: 8 }), { maxLength: 3 }),
        }),
        { maxLength: 6 },
      ),
      samples: fc.array(
        fc.record({
          locs: fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 5 }),
          value: fc.integer({ min: 0, max: 1000 }),
        }),
        { maxLength: 10 },
      ),
      types: fc.nat(2),
      flip: fc.option(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }))),
    })
    .map((g) => {
      const strings = new StringTable();
      for (const s of g.strings) strings.dedup(s);
      // pprof-format cannot encode an all-zero message (it mis-measures it): such a case is sent as raw bytes.
      const encode = () =>
        new PprofProfile({
          sampleType: Array.from({ length: g.types }, () => new ValueType({ type: 1, unit: 2 })),
          sample: g.samples.map((s) => new Sample({ locationId: s.locs, value: [s.value] })),
          location: g.locs.map(
            (l) => new Location({ id: l.id, line: l.fns.map((f) => new Line({ functionId: f, line: 1 })) }),
          ),
          function: g.fns.map((f) => new PprofFunction({ id: f.id, name: f.name, filename: 0 })),
          stringTable: strings,
        }).encode();
      let out: Buffer;
      try {
        out = Buffer.from(encode());
      } catch {
        out = Buffer.from(g.strings.join('\n'));
      }
      // Sometimes a byte of the encoding is damaged.
      if (g.flip && out.length) out[g.flip[0] % out.length] = g.flip[1];
      return out;
    }),
};
