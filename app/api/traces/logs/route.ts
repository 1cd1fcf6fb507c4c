import { route } from '@/lib/api/route';
import { searchLogs } from '@/lib/tracing/log-store';
import { logSearchQuery, toLogSearch } from '@/lib/tracing/query';

// GET /api/traces/logs?service=&severity=&text=&withTrace=&range= – OTLP log records matching every filter, newest first, each with its trace and span when it has them
export const GET = route({ role: 'viewer', query: logSearchQuery }, async ({ query }) =>
  searchLogs(toLogSearch(query)),
);
