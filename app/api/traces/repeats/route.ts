import { z } from 'zod';
import { badRequestOnThrow } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { repeatedCallsInTraces } from '@/lib/tracing/trace-repeats';
import { rangeQueryShape, resolveRange } from '@/lib/time-range';

// GET /api/traces/repeats?range= – repeated calls (N+1) in the newest received traces of the range, one row per call with the traces it repeated in and one to open
export const GET = route({ role: 'viewer', query: z.strictObject(rangeQueryShape) }, async ({ query }) => {
  const { fromMs, toMs } = badRequestOnThrow(() => resolveRange(query));
  return repeatedCallsInTraces(fromMs * 1000, toMs * 1000);
});
