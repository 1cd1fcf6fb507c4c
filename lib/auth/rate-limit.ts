// Fixed-window rate limits on the shared store (Redis across instances, in-process otherwise).
import { ApiError } from '../api/errors';
import { store } from '../redis';

export async function enforceRateLimit(key: string, max: number, windowMs: number, what: string): Promise<void> {
  const { count, resetMs } = await store().hit(`ratelimit:${key}`, windowMs);
  if (count > max) {
    const retryAfter = Math.max(1, Math.ceil(resetMs / 1000));
    throw new ApiError('rate_limited', `Too many ${what}; try again in ${retryAfter} s`, { retryAfterSeconds: retryAfter }, { 'retry-after': String(retryAfter) });
  }
}
