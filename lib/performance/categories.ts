// Pure: what each metric category (api, database, cache, memory, cpu) reads.
export const CATEGORIES = ['api', 'database', 'cache', 'memory', 'cpu'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface CategoryMetric {
  name: string;
  title: string;
  unit: 'ms' | 'bytes' | 'percent' | 'count';
  groupBy: string[];
  kind: 'latency' | 'level' | 'counter';
}

/** Ingested services report `http_server_request_duration_ms{service,route,method,status}` too. */
export const CATEGORY_METRICS: Record<Category, CategoryMetric[]> = {
  api: [
    {
      name: 'http_server_request_duration_ms',
      title: 'Request latency',
      unit: 'ms',
      groupBy: ['service', 'route'],
      kind: 'latency',
    },
  ],
  database: [
    {
      name: 'db_query_duration_ms',
      title: 'Query latency',
      unit: 'ms',
      groupBy: ['model', 'operation'],
      kind: 'latency',
    },
  ],
  cache: [
    {
      name: 'cache_requests_total',
      title: 'Cache requests',
      unit: 'count',
      groupBy: ['cache', 'result'],
      kind: 'counter',
    },
  ],
  memory: [
    { name: 'process_rss_bytes', title: 'Redline process RSS', unit: 'bytes', groupBy: ['instance'], kind: 'level' },
    {
      name: 'process_heap_used_bytes',
      title: 'Redline heap used',
      unit: 'bytes',
      groupBy: ['instance'],
      kind: 'level',
    },
    {
      name: 'process_memory_percent',
      title: 'Redline process RSS (% of host memory)',
      unit: 'percent',
      groupBy: ['instance'],
      kind: 'level',
    },
    {
      name: 'host_memory_used_percent',
      title: 'Host memory used (every program)',
      unit: 'percent',
      groupBy: ['instance'],
      kind: 'level',
    },
  ],
  cpu: [
    {
      name: 'process_cpu_percent',
      title: 'Redline process CPU (% of one core)',
      unit: 'percent',
      groupBy: ['instance'],
      kind: 'level',
    },
    {
      name: 'host_cpu_percent',
      title: 'Host CPU (every program, % of all cores)',
      unit: 'percent',
      groupBy: ['instance'],
      kind: 'level',
    },
    {
      name: 'event_loop_delay_p99_ms',
      title: 'Event-loop delay p99',
      unit: 'ms',
      groupBy: ['instance'],
      kind: 'level',
    },
  ],
};

/** Pure: the status label says error when it is a 5xx (4xx are the client's). */
export const isErrorStatus = (status: string | undefined) => status !== undefined && /^5\d\d$/.test(status);
