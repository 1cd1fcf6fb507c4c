// What one run of bench/proxy.ts measured, as the bench reports it and the console stores and
// shows it. Shared by the bench (which writes it) and the API (which checks it before storing).
import { z } from 'zod';

/** A figure a run could not measure (hey printed nothing for it) is null, never a made-up number. */
const figure = z.number().finite().nullable();

export const loadSchema = z.object({ rps: figure, p50: figure, p99: figure, errors: z.number().int().min(0) });
export type LoadFigures = z.infer<typeof loadSchema>;

const peers = <T extends z.ZodType>(t: T) => z.object({ redline: t, nginx: t });

export const proxyBenchResultSchema = z.object({
  /** seconds per load run, connections at saturation */
  seconds: z.number().int().positive(),
  connections: z.number().int().positive(),
  /** the machine: cores, and its 1-minute load average when the run began */
  cpus: z.number().int().positive(),
  loadAvg: z.number().min(0),
  /** saturated requests/s per round, with hey and with wrk as the load */
  saturation: z.object({ hey: peers(z.array(figure)), wrk: peers(z.array(figure)) }),
  /** best Redline over best nginx, per load tool */
  ratio: z.object({ hey: figure, wrk: figure }),
  /** the same offered rate (half of Redline's saturated rate) to each target, in rounds */
  /** nodePipe: a bare Node TCP pipe (bench/node-pipe.ts), the floor for a proxy written in Node;
   * runs stored before it was measured have none */
  /** directAgain: direct measured a second time in the same round, the control: what a round's
   * "added p99" is with nothing added (runs stored before it was measured have none) */
  halfLoad: z.object({
    offeredRps: z.number().min(0),
    rounds: z.array(
      z.object({
        direct: loadSchema,
        redline: loadSchema,
        nginx: loadSchema,
        nodePipe: loadSchema.optional(),
        directAgain: loadSchema.optional(),
      }),
    ),
  }),
  /** addedP99() of the half-load rounds, per path */
  addedP99: peers(figure).extend({ nodePipe: figure.optional() }),
  targets: z.object({ ratio: z.number(), addedP99Ms: z.number() }),
});
export type ProxyBenchResult = z.infer<typeof proxyBenchResultSchema>;

/** Targets: at least 0.6× nginx's requests/s, at most 2 ms added p99 at half load. */
export const PROXY_TARGETS = { ratio: 0.6, addedP99Ms: 2 } as const;

/** The steps a run reports progress in: the start, 3 warm-ups, 4 hey + 4 wrk saturations, 5 rounds of 5. */
export const PROXY_BENCH_STEPS = 1 + 3 + 8 + 25;

/**
 * Lines the bench prints for a supervising process (the console's runner), beside its text for
 * people: `@bench {"step":3,"steps":25,"stage":"…"}` while it runs, `@bench {"result":…}` at the end.
 */
export const BENCH_LINE_PREFIX = '@bench ';

export const benchLineSchema = z.union([
  z.object({ step: z.number().int().min(0), steps: z.number().int().positive(), stage: z.string().max(200) }),
  z.object({ result: z.unknown() }),
]);
export type BenchLine = z.infer<typeof benchLineSchema>;

/** A line of the bench's output as progress or a result; null for its text for people. */
export function parseBenchLine(line: string): BenchLine | null {
  if (!line.startsWith(BENCH_LINE_PREFIX)) return null;
  try {
    const parsed = benchLineSchema.safeParse(JSON.parse(line.slice(BENCH_LINE_PREFIX.length)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** NaN (hey printed no such figure) as null, so it survives JSON. */
export const orNull = (n: number): number | null => (Number.isFinite(n) ? n : null);

/** The best of a peer's saturated rounds (null when none measured). */
export function best(rates: (number | null)[]): number | null {
  const xs = rates.filter((x): x is number => x !== null);
  return xs.length ? Math.max(...xs) : null;
}

type HalfLoad = ProxyBenchResult['halfLoad'];
type Path = 'direct' | 'redline' | 'nginx' | 'nodePipe' | 'directAgain';

/**
 * A half-load round compares the paths only when they carried the same load: each at least 97% of
 * what the path that carried most carried in that round. One that fell behind was held up by
 * something else on the machine, and its p99 then says so rather than what the path adds. The
 * same rule for every path, blind to latency; relative, so that short runs (where hey's start
 * leaves every path a little under the offered rate) still compare.
 */
export const CARRIED_SHARE = 0.97;

export function comparableRounds(h: HalfLoad): HalfLoad['rounds'] {
  return h.rounds.filter((r) => {
    const rates = [r.direct, r.redline, r.nginx, r.nodePipe, r.directAgain]
      .map((l) => (l === undefined ? null : (l.rps ?? 0)))
      .filter((x): x is number => x !== null);
    const most = Math.max(...rates);
    return rates.every((x) => x >= CARRIED_SHARE * most);
  });
}

const middle = (xs: number[]): number | null =>
  xs.length ? (xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number) : null;

/** The median over the comparable rounds of one path's figure (p50 or p99). */
export function medianOf(r: ProxyBenchResult, who: Path, key: 'p50' | 'p99'): number | null {
  return middle(
    comparableRounds(r.halfLoad)
      .map((x) => x[who]?.[key] ?? null)
      .filter((x): x is number => x !== null),
  );
}

/** Each comparable round's (the path's p99 − direct's), ms; rounds without the figure left out. */
function addedByRound(h: HalfLoad, who: Exclude<Path, 'direct'>): number[] {
  const added = comparableRounds(h).map((r) => {
    const p = r[who]?.p99;
    // To the microsecond: hey reports 0.1 ms steps, and 5.1 − 3.1 must be 2, not 2.0000000000000004.
    return p == null || r.direct.p99 === null ? null : Math.round((p - r.direct.p99) * 1000) / 1000;
  });
  return added.filter((x): x is number => x !== null);
}

/** "Added p99": the median over the comparable rounds of (the path's p99 − direct's), ms. */
export function addedP99(h: HalfLoad, who: Exclude<Path, 'direct'>): number | null {
  return middle(addedByRound(h, who));
}

/**
 * The control: direct measured twice in each round, how far apart its two p99s came out (ms), the
 * median and the largest over the comparable rounds. How much one round's "added p99" moves on this
 * machine with nothing added; null for runs that did not measure it.
 */
export function repeatDifference(h: HalfLoad): { median: number; max: number; rounds: number } | null {
  const diffs = addedByRound(h, 'directAgain').map(Math.abs);
  if (!diffs.length) return null;
  return { median: middle([...diffs]) as number, max: Math.max(...diffs), rounds: diffs.length };
}
