// I/O (the process's admission control): an encode slot — the `image` class — for a request that
// must run sharp. Reads of cached variants are admitted as file reads (the `delivery` class) and
// take one only on a miss, so they never queue behind encodes. Only GET/HEAD paths take it: a
// POST already holds an `image` slot, and taking a second would let two batches wait on each other.
import { ApiError } from '../api/errors';
import { peek } from '../process/registry';
import { ADMISSION } from '../server/slots';

export function encodeSlot(): Promise<() => void> {
  const admission = peek(ADMISSION);
  if (!admission) return Promise.resolve(() => undefined);
  return new Promise((resolve, reject) =>
    admission.request('image', 0, resolve, (retryAfter) =>
      reject(
        new ApiError('unavailable', 'Busy encoding other images; retry shortly', undefined, {
          'retry-after': String(retryAfter),
        }),
      ),
    ),
  );
}
