import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { compareTraces } from '@/lib/tracing/compare';
import { compareQuery } from '@/lib/tracing/query';
import { getTrace } from '@/lib/tracing/store';

// GET /api/traces/compare?a=&b= – two traces by operation: spans added and removed, counts and time changed
export const GET = route({ role: 'viewer', query: compareQuery }, async ({ query }) => {
  const [a, b] = await Promise.all([getTrace(query.a), getTrace(query.b)]);
  for (const [id, spans] of [
    [query.a, a],
    [query.b, b],
  ] as const)
    if (!spans.length) throw new ApiError('not_found', `No trace ${id} is stored`);
  return compareTraces({ traceId: query.a, spans: a }, { traceId: query.b, spans: b });
});
