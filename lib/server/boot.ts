// Starts the background machinery inside the Next.js server process (instrumentation hook):
// the first admin, the metrics writer, the self-sampler and the scheduler; stops them on shutdown.
import { bootstrapAdminFromEnv } from '../auth/service';
import { configOrExit } from '../config';
import { closeDatabase, databaseLabel, setQueryObserver } from '../db';
import { dbObserver } from '../self-monitor/db-observer';
import { followSettings, liveSetting } from '../settings/live';
import { followCommands } from '../fleet/commands';
import { startFleet } from '../fleet/service';
import { stopRuns } from '../bench/runner';
import { followAssetMeta } from '../images/asset-meta';
import { ImageJobWorker } from '../images/job-worker';
import { followPurges } from '../images/purge';
import { slowQueries } from '../slow-queries';
import { metrics } from '../metrics';
import { closeStore, store } from '../redis';
import { checkHealth } from '../health/service';
import { put } from '../process/registry';
import { WORK_DONE } from '../observability/context';
import { closeBulkWriter, bulkWriter } from '../ingest/bulk-writer';
import { closeDecodePool } from '../ingest/decode-pool';
import { closeUploadReader } from '../profiling/uploads';
import { flushSelfSpans } from '../tracing/self-spans';
import { clearTailBuffer } from '../tracing/tail-buffer';
import { HEALTH, INGEST_BEHIND, RECORD_REQUEST, SHUTDOWN } from './slots';
import { REQUEST_OBSERVER } from '../api/observer';
import { requestObserver } from './request-observer';
import { startContinuous } from '../profiling/continuous';
import { QueryRepeatRecorder } from '../profiling/query-repeats';
import { INSTANCE_ID, scheduler } from '../scheduler';
import { startSampler } from '../self-monitor/sampler';

export async function boot(): Promise<void> {
  const env = configOrExit();
  const admin = await bootstrapAdminFromEnv();
  if (admin) console.log(`[boot] created the first admin ${admin} from ADMIN_EMAIL`);
  // Locks and rate limits need Redis: give the first connection a moment before the scheduler campaigns.
  if (!(await store().ready(3_000))) console.warn('[boot] Redis not reachable yet; serving degraded until it is');
  metrics();
  const stopSampler = startSampler(INSTANCE_ID);
  const stopFollowing = await followSettings();
  const stopPurges = await followPurges();
  const stopAssetMeta = await followAssetMeta();
  const recorder = slowQueries();
  setQueryObserver(
    dbObserver(
      recorder,
      metrics,
      () => liveSetting('monitoring.enabled') && liveSetting('monitoring.collect.database'),
    ),
  );
  recorder.start();
  // N+1 detection: every request's and job's statements, told when it ends.
  const repeats = new QueryRepeatRecorder();
  put(WORK_DONE, (work) => repeats.workDone(work));
  repeats.start();
  const stopProfiling = await startContinuous().catch((e: Error) => {
    console.error(`[boot] continuous profiling did not start: ${e.message}`);
    return async () => undefined;
  });
  if (env.SCHEDULER_ENABLED) await scheduler().start();
  const imageJobs = new ImageJobWorker(INSTANCE_ID);
  await imageJobs.start();
  // The fleet and its proxy run on the one instance holding the fleet lease; every instance answers commands' replies.
  const stopCommands = await followCommands();
  const stopFleet = await startFleet(INSTANCE_ID);
  console.log(`[boot] instance ${INSTANCE_ID}: database ${databaseLabel()}, shared store ${store().mode}`);

  // Health and liveness are answered by server.ts itself, ahead of Next's request pipeline, whose
  // many async steps each wait behind every page being rendered when the instance is loaded.
  put(REQUEST_OBSERVER, requestObserver);
  put(HEALTH, checkHealth);
  put(INGEST_BEHIND, () => bulkWriter().behind());
  put(RECORD_REQUEST, (route, method, status, ms) => {
    if (liveSetting('monitoring.enabled') && liveSetting('monitoring.collect.api'))
      metrics().histogram('http_server_request_duration_ms', ms, {
        service: 'redline',
        route,
        method,
        status: String(status),
      });
  });
  // Shutdown in one place: stop what produces data, flush every buffer into the bulk writer, then
  // close the writer (it commits everything it was given first), the threads, the store, the database.
  put(SHUTDOWN, async () => {
    stopSampler();
    await stopFollowing();
    await stopPurges();
    await stopAssetMeta();
    await recorder.stop();
    await repeats.stop();
    await stopProfiling();
    await imageJobs.stop();
    await stopRuns(); // a benchmark run stops the Redline and nginx it started
    await stopCommands();
    await stopFleet();
    await scheduler().stop();
    clearTailBuffer(); // traces over the limit still waiting: dropped and counted before the metrics' last batch
    await flushSelfSpans();
    await metrics().stop(); // the last batch of points reaches the writer
    await closeBulkWriter();
    await closeDecodePool();
    await closeUploadReader();
    await closeStore();
    await closeDatabase();
  });
}
