// The V8 inspector of the current thread (Redline's main thread, or the proxy's worker thread):
// CPU profiles, allocation sampling, heap snapshots, and the continuous low-rate CPU profile cut
// into minutes. Each capture has its own inspector session, so an on-demand profile and the
// continuous one run side by side (V8 keeps one profiler per session, each at its own interval).
import { createWriteStream } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { SamplingHeapProfile, V8CpuProfile } from './model';
import { once, slot } from '../process/registry';

export class CaptureAborted extends Error {
  constructor() {
    super('the capture was cancelled');
    this.name = 'CaptureAborted';
  }
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CaptureAborted());
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(new CaptureAborted());
      },
      { once: true },
    );
  });
}

export interface CpuOptions {
  durationMs: number;
  intervalUs: number;
  signal?: AbortSignal;
}

export async function cpuProfile(opts: CpuOptions): Promise<V8CpuProfile> {
  const s = new Session();
  s.connect();
  try {
    await s.post('Profiler.enable');
    await s.post('Profiler.setSamplingInterval', { interval: opts.intervalUs });
    await s.post('Profiler.start');
    const aborted = await wait(opts.durationMs, opts.signal).then(
      () => false,
      () => true,
    );
    const { profile } = await s.post('Profiler.stop');
    if (aborted) throw new CaptureAborted();
    return profile as unknown as V8CpuProfile;
  } finally {
    s.disconnect();
  }
}

export async function allocationProfile(opts: {
  durationMs: number;
  signal?: AbortSignal;
}): Promise<SamplingHeapProfile> {
  const s = new Session();
  s.connect();
  try {
    await s.post('HeapProfiler.enable');
    // One sample per 32 KiB allocated on average: V8's default, cheap enough to leave on for minutes.
    await s.post('HeapProfiler.startSampling', { samplingInterval: 32_768 });
    const aborted = await wait(opts.durationMs, opts.signal).then(
      () => false,
      () => true,
    );
    const { profile } = await s.post('HeapProfiler.stopSampling');
    if (aborted) throw new CaptureAborted();
    return profile as unknown as SamplingHeapProfile;
  } finally {
    s.disconnect();
  }
}

// One session for every snapshot of this thread, kept open: V8 numbers heap objects per profiler
// session, and leak triage matches objects across snapshots by those numbers.
const SNAPSHOT_SESSION = slot<Session>('snapshotSession');

/** Writes a .heapsnapshot (owner-only) and returns its size. The thread pauses while V8 walks its heap. */
export async function heapSnapshot(file: string): Promise<number> {
  const s = once(SNAPSHOT_SESSION, () => {
    const session = new Session();
    session.connect();
    return session;
  });
  const out = createWriteStream(file, { mode: 0o600 });
  let bytes = 0;
  try {
    s.on('HeapProfiler.addHeapSnapshotChunk', (m) => {
      const chunk = (m.params as { chunk: string }).chunk;
      bytes += Buffer.byteLength(chunk);
      out.write(chunk);
    });
    await s.post('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    s.removeAllListeners('HeapProfiler.addHeapSnapshotChunk');
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
  return bytes;
}

/**
 * The continuous profile: always sampling at a low rate; every minute boundary the profile is
 * handed over and a new one starts, so no minute is lost and none is held in memory for long.
 */
export class ContinuousCpuProfile {
  private session?: Session;
  private timer?: NodeJS.Timeout;
  private minuteStart = 0;
  private stopped = false;

  constructor(
    private readonly intervalUs: number,
    private readonly onMinute: (minuteStartMs: number, profile: V8CpuProfile) => void,
  ) {}

  async start(): Promise<void> {
    const s = new Session();
    s.connect();
    this.session = s;
    await s.post('Profiler.enable');
    await s.post('Profiler.setSamplingInterval', { interval: this.intervalUs });
    await s.post('Profiler.start');
    this.minuteStart = Math.floor(Date.now() / 60_000) * 60_000;
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    const next = this.minuteStart + 60_000;
    this.timer = setTimeout(() => void this.cut(), Math.max(0, next - Date.now()));
    this.timer.unref();
  }

  private async cut(): Promise<void> {
    const s = this.session;
    if (!s || this.stopped) return;
    try {
      const { profile } = await s.post('Profiler.stop');
      await s.post('Profiler.start');
      const started = this.minuteStart;
      this.minuteStart = Math.floor(Date.now() / 60_000) * 60_000;
      this.onMinute(started, profile as unknown as V8CpuProfile);
    } catch (err) {
      console.error(`[profiling] continuous profile: ${(err as Error).message}`);
    }
    this.schedule();
  }

  /** Stops; with `flush`, the minute so far is handed over too (turned off at run time, not shutting down). */
  async stop(flush = false): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const s = this.session;
    this.session = undefined;
    if (!s) return;
    const stopped = await s.post('Profiler.stop').catch(() => undefined);
    s.disconnect();
    if (flush && stopped) this.onMinute(this.minuteStart, stopped.profile as unknown as V8CpuProfile);
  }
}
