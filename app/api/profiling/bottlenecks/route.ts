import { z } from 'zod';
import { badRequestOnThrow } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { bottlenecks } from '@/lib/profiling/bottlenecks';
import { rangeQueryShape, resolveRange } from '@/lib/time-range';

// GET /api/profiling/bottlenecks?range= – slowest routes with their hottest functions, event-loop stalls with their stacks, GC pressure, heap growth, N+1 statements
export const GET = route({ role: 'viewer', query: z.strictObject(rangeQueryShape) }, async ({ query }) => {
  const { fromMs, toMs } = badRequestOnThrow(() => resolveRange(query));
  return bottlenecks(fromMs, toMs);
});
