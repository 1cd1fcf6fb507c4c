// The server's own process-wide objects: what server.ts answers ahead of Next.js (health, admission,
// requests it times itself) and the shutdown that boot registers and SIGTERM runs.
import { peek, slot } from '../process/registry';
import type { AdmissionControl } from './admission';

/** admission control ahead of Next.js (its counts feed the self-sampler and /api/health) */
export const ADMISSION = slot<AdmissionControl>('admission');
/** the health check, which server.ts answers ahead of Next.js */
export const HEALTH = slot<() => Promise<{ status: string }>>('health');
/** times a request answered outside the route wrapper (health, ping) */
export const RECORD_REQUEST =
  slot<(route: string, method: string, status: number, ms: number) => void>('recordRequest');
/** stops everything boot started */
export const SHUTDOWN = slot<() => Promise<void>>('shutdown');
/** is the bulk writer behind (ingestion is refused before its body is read)? */
export const INGEST_BEHIND = slot<() => boolean>('ingestBehind');

/** Called by the server on SIGTERM/SIGINT: runs what boot registered (nothing if it never ran). */
export async function shutdownProcess(): Promise<void> {
  await peek(SHUTDOWN)?.();
}
