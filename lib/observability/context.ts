// What the current async work is for: the route a request came in on, or a background task.
// Database timings and slow queries are attributed to it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { once } from '../process/registry';

export interface WorkContext {
  route: string;
  /** Redline's own bookkeeping writes (metrics, slow queries): not measured, or it measures itself forever. */
  internal?: boolean;
}

// One storage per process: the instrumentation bundle (where the database observer reads it) and
// every route bundle (where the wrapper writes it) must see the same one.
const storage = once('work', () => new AsyncLocalStorage<WorkContext>());

export const currentWork = (): WorkContext => storage.getStore() ?? { route: '(background)' };
/**
 * Runs `fn` as `ctx`. Awaits inside the context: Prisma's promises are lazy thenables whose query
 * starts on the first `then`, which would otherwise happen outside it.
 */
export function runAs<T>(ctx: WorkContext, fn: () => T | PromiseLike<T>): Promise<T> {
  return storage.run(ctx, async () => await fn());
}
