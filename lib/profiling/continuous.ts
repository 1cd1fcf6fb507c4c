// Continuous profiling: every target's low-rate CPU profile arrives a minute at a time (Redline's
// main thread from its own inspector, the proxy thread and Node instances from theirs) and is
// stored as one row per target and minute — stacks with self time, samples labelled by route or
// job where one was running. Any range merges back into one profile. Memory readings from the
// thread and the instances go to the metrics store.
import { gunzipSync, gzipSync } from 'node:zlib';
import { config } from '../config';
import { db } from '../db';
import { metrics } from '../metrics';
import { runAs, workSpansSince } from '../observability/context';
import { peek, put, slot } from '../process/registry';
import { liveSetting } from '../settings/live';
import { ContinuousCpuProfile } from './inspector';
import { fromV8CpuProfile, labelBySpans, mergeProfiles, type Profile, type V8CpuProfile } from './model';
import { withOriginalNames } from './source-maps';

/** where the proxy thread and Node instances push profile minutes and memory */
export const PROFILER_SINK = slot<ProfilerSink>('profilerSink');
/** this process's own continuous profile while it records */
export const CONTINUOUS_RECORDING = slot<{ intervalUs: number; since: number }>('continuousRecording');

export const MAIN = 'redline';
export const PROXY = 'redline-proxy';
export const instanceTarget = (id: string) => `instance:${id}`;

/** A minute's V8 profile as stored: no timeline, idle dropped (model.ts's one rule), labels kept. */
export function minuteProfile(p: V8CpuProfile, labels?: readonly string[]): Profile {
  const full = fromV8CpuProfile(p, { labels });
  return { ...full, timeline: undefined, stacks: full.stacks.filter((s) => s.value > 0) };
}

export async function storeMinute(target: string, minute: number, v8: V8CpuProfile, labels?: readonly string[]) {
  const profile = minuteProfile(v8, labels);
  const valueUs = profile.stacks.reduce((n, s) => n + s.value, 0);
  const data = new Uint8Array(gzipSync(JSON.stringify({ frames: profile.frames, stacks: profile.stacks })));
  await runAs({ route: '(profiling)', internal: true }, () =>
    db().profileMinute.upsert({
      where: { target_minute: { target, minute: BigInt(minute) } },
      create: { target, minute: BigInt(minute), samples: v8.samples?.length ?? 0, valueUs, data },
      update: { samples: v8.samples?.length ?? 0, valueUs, data },
    }),
  );
}

export interface MemoryReading {
  at: number;
  heapUsed: number;
  heapTotal: number;
  rss?: number;
  gc?: [string, number][];
}

/** What the targets push: minutes of profile and memory readings. */
export interface ProfilerSink {
  minute: (target: string, minute: number, profile: unknown) => void;
  memory: (target: string, reading: MemoryReading) => void;
}

function sink(): ProfilerSink {
  return {
    minute: (target, minute, profile) =>
      void storeMinute(target, minute, profile as V8CpuProfile).catch((e: Error) =>
        console.error(`[profiling] ${target}: ${e.message}`),
      ),
    memory: (target, r) => {
      const m = metrics();
      m.gauge('profiling_heap_used_bytes', r.heapUsed, { target });
      m.gauge('profiling_heap_total_bytes', r.heapTotal, { target });
      if (r.rss !== undefined) m.gauge('profiling_rss_bytes', r.rss, { target });
      for (const [kind, ms] of r.gc ?? []) m.histogram('profiling_gc_pause_ms', ms, { target, kind });
    },
  };
}

/**
 * Starts the sink the fleet's targets push into and Redline's own continuous profile, which follows
 * the `monitoring.profiling.continuous` setting (checked every second); returns stop.
 */
export async function startContinuous(): Promise<() => Promise<void>> {
  put(PROFILER_SINK, sink());
  const env = config();
  let main: ContinuousCpuProfile | undefined;
  let busy = false;
  const apply = async () => {
    if (busy) return;
    busy = true;
    try {
      const on = liveSetting('monitoring.profiling.continuous');
      if (on && !main) {
        const starting = new ContinuousCpuProfile(env.PROFILING_CONTINUOUS_INTERVAL_US, (minute, p) => {
          // Label the main thread's samples by the requests and jobs that ran in that minute.
          const labels = labelBySpans(p, workSpansSince(p.startTime));
          storeMinute(MAIN, minute, p, labels).catch((e: Error) => console.error(`[profiling] ${MAIN}: ${e.message}`));
        });
        // A start that fails leaves nothing connected and is tried again on the next check.
        await starting.start().catch(async (e: unknown) => {
          await starting.stop();
          throw e;
        });
        main = starting;
        put(CONTINUOUS_RECORDING, { intervalUs: env.PROFILING_CONTINUOUS_INTERVAL_US, since: Date.now() });
      } else if (!on && main) {
        const stopping = main;
        main = undefined;
        put(CONTINUOUS_RECORDING, undefined);
        await stopping.stop(true);
      }
    } finally {
      busy = false;
    }
  };
  await apply();
  const timer = setInterval(() => void apply().catch((e: Error) => console.error(`[profiling] ${e.message}`)), 1_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    put(CONTINUOUS_RECORDING, undefined);
    await main?.stop();
    put(PROFILER_SINK, undefined);
  };
}

/** The interval the fleet's instances and the proxy thread are started with (0: off); the setting reaches them when they start. */
export function continuousIntervalUs(): number {
  return liveSetting('monitoring.profiling.continuous') ? config().PROFILING_CONTINUOUS_INTERVAL_US : 0;
}

export const profilerSink = (): ProfilerSink | undefined => peek(PROFILER_SINK);
/** Whether this process records its own continuous profile now, at what interval, since when. */
export const continuousRecording = () => peek(CONTINUOUS_RECORDING) ?? null;

/** One profile for a target over a range of minutes; optionally only one label's stacks. */
export async function continuousRange(
  target: string,
  fromMs: number,
  toMs: number,
): Promise<Profile & { minutes: number }> {
  const rows = await db().profileMinute.findMany({
    where: { target, minute: { gte: BigInt(Math.floor(fromMs / 60_000) * 60_000), lt: BigInt(toMs) } },
    orderBy: { minute: 'asc' },
  });
  const profiles = rows.map((r) => {
    const p = JSON.parse(gunzipSync(r.data).toString('utf8')) as Pick<Profile, 'frames' | 'stacks'>;
    return {
      unit: 'microseconds' as const,
      frames: p.frames,
      stacks: p.stacks,
      samples: r.samples,
      durationUs: 60_000_000,
    };
  });
  // Frames of Redline's own (minified) code get their source names.
  return { ...withOriginalNames(mergeProfiles(profiles, 'microseconds')), minutes: rows.length };
}

/** Minutes recorded per target in a range, for the timeline of what can be merged. */
export async function continuousMinutes(fromMs: number, toMs: number) {
  const rows = await db().profileMinute.findMany({
    where: { minute: { gte: BigInt(fromMs), lt: BigInt(toMs) } },
    select: { target: true, minute: true, samples: true, valueUs: true },
    orderBy: { minute: 'asc' },
  });
  return rows.map((r) => ({
    target: r.target,
    minute: Number(r.minute),
    samples: r.samples,
    cpuMs: r.valueUs / 1_000,
  }));
}
