// The process-wide objects of a Redline instance, named in one place, and its shutdown hook.
//
// Why globalThis: Next.js bundles a module once per route and once more for the instrumentation
// hook, so a module-level `let` would give every bundle its own copy — its own database pool, its
// own metrics buffer, its own scheduler. Everything that must exist once per process lives in the
// one object below instead, under a registered symbol every bundle resolves to the same key.
import type { AsyncLocalStorage } from 'node:async_hooks';
import type { BenchRunning } from '../bench/runner';
import type { AnyPurgeQueue } from '../cdn';
import type { SettingValues } from '../config/runtime-settings';
import type { DbHandle, QueryObserver } from '../db';
import type { FleetLease } from '../fleet/lease';
import type { FleetService } from '../fleet/service';
import type { AssetMetaView } from '../images/asset-meta';
import type { FailureMemo } from '../images/failures';
import type { Placeholder } from '../images/pipeline';
import type { SourceMemo } from '../images/service';
import type { VariantCache } from '../images/variant-cache';
import type { CardinalityGuard } from '../metrics/cardinality';
import type { MetricIngestWorker } from '../metrics/ingest-worker-client';
import type { PrometheusBridge } from '../metrics/prometheus';
import type { ProfilerSink } from '../profiling/continuous';
import type { MetricsWriter } from '../metrics/writer';
import type { WorkContext, WorkSpan } from '../observability/context';
import type { SharedStore } from '../redis/types';
import type { Scheduler } from '../scheduler/scheduler';
import type { AdmissionControl } from '../server/admission';
import type { WorkerPool } from './pool';
import type { SlowQueryRecorder } from '../slow-queries/recorder';
import type { TraceIngestWorker } from '../tracing/ingest-worker-client';
import type { SpanWriter } from '../tracing/writer';

export interface ProcessObjects {
  /** lib/db: the Prisma client with its target and pool (also survives `next dev` reloads) */
  db: DbHandle;
  /** lib/db: told about every query (self-monitoring registers it at boot) */
  queryObserver: QueryObserver;
  /** lib/redis: Redis or the in-process store */
  store: SharedStore;
  /** lib/metrics: the buffered writer every feature records through */
  metrics: MetricsWriter;
  /** lib/metrics: the prom-client mirror behind GET /api/metrics */
  prometheus: PrometheusBridge;
  /** lib/metrics: the thread that parses and validates ingest bodies */
  metricIngest: MetricIngestWorker;
  /** lib/metrics: label-cardinality guard of ingested metrics */
  ingestCardinality: CardinalityGuard;
  /** lib/observability: the route or job the current async work is for */
  work: AsyncLocalStorage<WorkContext>;
  /** lib/observability: recent requests' and jobs' times, to label profile samples */
  workSpans: { items: WorkSpan[]; next: number };
  /** lib/server/boot: told when a request or job ends (the N+1 recorder) */
  workDone: (work: WorkContext) => void;
  /** lib/tracing: spans accepted and waiting for the database */
  spanWriter: SpanWriter;
  /** lib/tracing: the thread that decodes OTLP requests (and on SQLite stores their spans) */
  traceIngest: TraceIngestWorker;
  /** lib/scheduler: cron jobs and the leader lease */
  scheduler: Scheduler;
  /** lib/settings: synchronous snapshot of the runtime settings for hot paths */
  liveSettings: SettingValues;
  /** lib/slow-queries: the in-memory aggregation of slow statements */
  slowQueries: SlowQueryRecorder;
  /** lib/scrape: last counter values per target (to store increments) */
  scrapeState: Map<string, Map<string, number>>;
  /** lib/scrape: label-cardinality guard of scraped metrics */
  scrapeCardinality: CardinalityGuard;
  /** lib/images: the disk cache of encoded variants */
  variantCache: VariantCache;
  /** lib/images: content hashes of local sources by size and mtime */
  sourceMemo: SourceMemo;
  /** lib/images: remote sources fetched recently */
  remoteMemo: SourceMemo;
  /** lib/images: placeholders by source content hash (made once, shared while being made) */
  placeholders: Map<string, Promise<Placeholder>>;
  /** lib/images: image work that failed recently (answered again without redoing it) */
  imageFailures: FailureMemo;
  /** lib/images: tags and critical marks, for the delivery listener */
  assetMeta: Map<string, AssetMetaView>;
  /** lib/cdn: the edge purge queue of the current provider setup */
  cdnQueue: { key: string; queue: AnyPurgeQueue | null };
  /** lib/cdn: when each CDN health target was last probed */
  cdnProbedAt: Map<string, number>;
  /** lib/fleet: this instance's campaign for the fleet lease (its state feeds /api/health) */
  fleetLease: FleetLease;
  /** lib/fleet: the fleet service when this instance holds the fleet lease */
  fleet: FleetService | null;
  /** lib/bench: benchmark runs this process started */
  benchRuns: Map<number, BenchRunning>;
  /** lib/delivery: the signing key of delivery URLs */
  deliverySecret: string;
  /** server.ts: admission control ahead of Next.js (its counts feed the self-sampler and /api/health) */
  admission: AdmissionControl;
  /** lib/server/boot: the health check, which server.ts answers ahead of Next.js */
  health: () => Promise<{ status: string }>;
  /** lib/server/boot: times a request answered outside the route wrapper (health, ping) */
  recordRequest: (route: string, method: string, status: number, ms: number) => void;
  /** lib/profiling: where the proxy thread and Node instances push profile minutes and memory */
  profilerSink: ProfilerSink;
  /** lib/profiling: this process's own continuous profile while it records */
  continuousRecording: { intervalUs: number; since: number };
  /** lib/profiling: the thread pool that reads uploaded profiles */
  profileImport: WorkerPool;
  /** lib/profiling: captures running in this process, by profile id */
  captures: Map<string, { target: string; controller: AbortController; startedAt: number; durationMs: number }>;
  /** lib/server/boot: stops everything boot started */
  shutdown: () => Promise<void>;
}

type Name = keyof ProcessObjects;
const KEY = Symbol.for('redline.process');
const holder = globalThis as typeof globalThis & { [KEY]?: Partial<ProcessObjects> };
const objects = (): Partial<ProcessObjects> => {
  holder[KEY] ??= {};
  return holder[KEY];
};

/** The object if this process has made it. */
export function peek<K extends Name>(name: K): ProcessObjects[K] | undefined {
  return objects()[name];
}

/** Sets (or, with undefined, forgets) a process-wide object. */
export function put<K extends Name>(name: K, value: ProcessObjects[K] | undefined): void {
  if (value === undefined) delete objects()[name];
  else objects()[name] = value;
}

/** The object, made by `create` the first time any bundle of this process asks. */
export function once<K extends Name>(name: K, create: () => ProcessObjects[K]): ProcessObjects[K] {
  const o = objects();
  if (o[name] === undefined) o[name] = create();
  return o[name] as ProcessObjects[K];
}

/** Called by the server on SIGTERM/SIGINT: runs what boot registered (nothing if it never ran). */
export async function shutdownProcess(): Promise<void> {
  await peek('shutdown')?.();
}
