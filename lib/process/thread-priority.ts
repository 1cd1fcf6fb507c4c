// Bulk work in worker threads (parsing ingest batches, writing them to SQLite) runs at a lower
// scheduling priority than the main thread, which answers health checks, pages and API calls: on
// a machine with few cores the kernel then gives the main thread the CPU first, and the bulk work
// the time left over. Falling behind is then what ingestion's backpressure (503 + Retry-After) is
// for. Linux applies setpriority(PRIO_PROCESS, tid) to the one thread; elsewhere this does nothing.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Nice value of background threads: 10 gets about a tenth of a nice-0 thread's share under contention. */
export const BACKGROUND_NICE = 10;

/** Call from inside a worker thread. Returns whether the priority was lowered. */
export function lowerThisThreadPriority(nice = BACKGROUND_NICE): boolean {
  if (process.platform !== 'linux') return false;
  try {
    // "/proc/thread-self" → "<pid>/task/<tid>"
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, nice);
    return true;
  } catch {
    return false; // not permitted or no procfs: run at the normal priority
  }
}
