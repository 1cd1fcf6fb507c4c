// /api/benchmarks: which benchmark, how long each of its load runs lasts, which run to cancel.
import { z } from 'zod';
import { BENCH_NAMES } from './runs';

const name = z.enum(BENCH_NAMES, { error: `name is one of ${BENCH_NAMES.join(', ')}` });

export const benchGetQuery = z.strictObject({ name: name.default('proxy') });
/** 1–60 s per load run: a run is 25 of them plus a minute or two of starting and stopping. */
export const benchPostBody = z.strictObject({
  name: name.default('proxy'),
  seconds: z
    .number({ error: 'seconds is a number' })
    .int('seconds is a whole number')
    .min(1, 'seconds is 1–60')
    .max(60, 'seconds is 1–60')
    .default(10),
});
export const benchDeleteQuery = z.strictObject({
  id: z.coerce.number({ error: 'id is a run id' }).int('id is a run id').positive('id is a run id'),
});
