// Fixed-window rate limits on the shared store (Redis across instances, in-process otherwise).
import { ApiError } from '../api/errors';
import { store } from '../redis';

/** Refuses (429) while `key` has `max` or more counted events in its window. */
export async function assertUnderLimit(key: string, max: number, what: string): Promise<void> {
  const { count, resetMs } = await store().peek(`ratelimit:${key}`);
  if (count >= max) {
    const retryAfter = Math.max(1, Math.ceil(resetMs / 1000));
    throw new ApiError(
      'rate_limited',
      `Too many ${what}; try again in ${retryAfter} s`,
      { retryAfterSeconds: retryAfter },
      { 'retry-after': String(retryAfter) },
    );
  }
}

/** Counts one event (a failed sign-in) against `key` in a window of `windowMs`. */
export async function countAgainstLimit(key: string, windowMs: number): Promise<void> {
  await store().hit(`ratelimit:${key}`, windowMs);
}
