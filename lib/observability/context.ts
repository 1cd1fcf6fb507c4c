// What the current async work is for: the route a request came in on, or a background task.
// Database timings and slow queries are attributed to it.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface WorkContext {
  route: string;
  /** Redline's own bookkeeping writes (metrics, slow queries): not measured, or it measures itself forever. */
  internal?: boolean;
}

// One instance per process, on globalThis: Next bundles this module separately into the
// instrumentation hook (where the database observer reading it is registered) and into each
// route (where the wrapper writes it); module-level state would give each its own storage.
const slot = globalThis as typeof globalThis & { __redlineWork?: AsyncLocalStorage<WorkContext> };
slot.__redlineWork ??= new AsyncLocalStorage<WorkContext>();
const storage = slot.__redlineWork;

export const currentWork = (): WorkContext => storage.getStore() ?? { route: '(background)' };
/**
 * Runs `fn` as `ctx`. Awaits inside the context: Prisma's promises are lazy thenables whose query
 * starts on the first `then`, which would otherwise happen outside it.
 */
export function runAs<T>(ctx: WorkContext, fn: () => T | PromiseLike<T>): Promise<T> {
  return storage.run(ctx, async () => await fn());
}
