'use client';
// One SWR hook per tracing endpoint.
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';
import type { TraceComparison } from '@/lib/tracing/compare';
import type { StoredLog } from '@/lib/tracing/log-store';
import type { SpanRecord, TraceSummary } from '@/lib/tracing/model';
import type { RepeatedCall } from '@/lib/tracing/patterns';
import type { ServiceMap } from '@/lib/tracing/service-map';
import type { TraceRepeat } from '@/lib/tracing/trace-repeats';

export const useTraceServices = () =>
  useSWR<{ services: { service: string; operations: string[] }[] }>('/api/traces/services', fetcher, {
    refreshInterval: 30_000,
  });

/** `query` is the search's query string (filters and time range), or null before there is one. */
export const useTraceSearch = (query: string | null, refreshMs = 0) =>
  useSWR<{ traces: TraceSummary[]; stoppedAfter: number | null }>(
    query === null ? null : `/api/traces?${query}`,
    fetcher,
    {
      refreshInterval: refreshMs,
      keepPreviousData: true,
    },
  );

export const useTrace = (traceId: string | null) =>
  useSWR<{
    summary: TraceSummary;
    spans: SpanRecord[];
    patterns: RepeatedCall[];
    logs: StoredLog[];
    logsTruncated: boolean;
  }>(traceId ? `/api/traces/${traceId}` : null, fetcher);

/** Two traces by operation, or null until both are chosen. */
export const useTraceComparison = (a: string | null, b: string | null) =>
  useSWR<TraceComparison>(a && b ? `/api/traces/compare?a=${a}&b=${b}` : null, fetcher);

/** Attribute keys (no key given) or one key's values, for the search's autocomplete. */
export const useTraceAttributes = (service: string | undefined, key: string | undefined) => {
  const q = new URLSearchParams();
  if (service) q.set('service', service);
  if (key) q.set('key', key);
  return useSWR<{ suggestions: { value: string; count: number }[] }>(`/api/traces/attributes?${q}`, fetcher);
};

/** `rangeQuery` is the page's time range as a query string. */
export const useServiceMap = (rangeQuery: string, refreshMs = 0) =>
  useSWR<ServiceMap & { seconds: number; stoppedAfter: number | null }>(
    `/api/traces/service-map?${rangeQuery}`,
    fetcher,
    { refreshInterval: refreshMs, keepPreviousData: true },
  );

/** `query` is the log search's query string (filters and time range). */
export const useLogSearch = (query: string, refreshMs = 0) =>
  useSWR<{ logs: StoredLog[]; stoppedAfter: number | null }>(`/api/traces/logs?${query}`, fetcher, {
    refreshInterval: refreshMs,
    keepPreviousData: true,
  });

/** Repeated calls (N+1) across the received traces of the range; `rangeQuery` as above. */
export const useTraceRepeats = (rangeQuery: string, refreshMs = 0) =>
  useSWR<{ repeats: TraceRepeat[]; tracesRead: number; stoppedAfter: number | null }>(
    `/api/traces/repeats?${rangeQuery}`,
    fetcher,
    { refreshInterval: refreshMs || 60_000, keepPreviousData: true },
  );
