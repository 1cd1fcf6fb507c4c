import { badRequestOnThrow } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { toSearch, traceSearchQuery } from '@/lib/tracing/query';
import { searchTraces } from '@/lib/tracing/store';

// GET /api/traces?service=&operation=&attrs=k=v;k2=v2&minDurationMs=&maxDurationMs=&status=&range= – traces with a span matching every filter, newest first, summarized
export const GET = route({ role: 'viewer', query: traceSearchQuery }, async ({ query }) =>
  searchTraces(badRequestOnThrow(() => toSearch(query))),
);
