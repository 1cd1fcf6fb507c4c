import { z } from 'zod';
import { badRequestOnThrow } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { memorySummary } from '@/lib/profiling/memory';
import { rangeQueryShape, resolveRange } from '@/lib/time-range';

// GET /api/profiling/memory?range= – GC pauses by target and kind (count, p50, p99) and each target's heap growth after collections
export const GET = route({ role: 'viewer', query: z.strictObject(rangeQueryShape) }, async ({ query }) => {
  const { fromMs, toMs } = badRequestOnThrow(() => resolveRange(query));
  return memorySummary(fromMs, toMs);
});
