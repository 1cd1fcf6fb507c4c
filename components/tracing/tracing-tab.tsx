'use client';
// Profiling → Tracing: search spans sent over OTLP, see the matches over time, open one as a
// timeline with its critical path, repeated calls and logs, compare another with it; search log
// records and open their traces. Filters, the open trace and the compared one are in the URL (shareable).
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import Box from '@mui/material/Box';
import { useEffect, useMemo, useRef } from 'react';
import { EmptyState } from '@/components/common/empty-state';
import { SectionCard } from '@/components/common/section-card';
import { useSeries } from '@/lib/hooks/use-series';
import { useTimeRange } from '@/lib/hooks/use-time-range';
import { useServiceMap, useTrace, useTraceComparison, useTraceSearch } from '@/lib/hooks/use-tracing';
import { LOG_FILTER_KEYS, type LogFilters, LogSearch } from './log-search';
import { ServiceMapGraph } from './service-map';
import { TraceCompare } from './trace-compare';
import { FILTER_KEYS, type TraceFilters, TraceSearch } from './trace-search';
import { TraceResults } from './trace-results';
import { TraceTimeline } from './trace-timeline';

export function TracingTab() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const { apiQuery, refreshMs } = useTimeRange();
  const filters = useMemo(
    () => Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ''])) as unknown as TraceFilters,
    [params],
  );
  const query = useMemo(() => {
    const q = new URLSearchParams(apiQuery);
    for (const k of FILTER_KEYS) if (filters[k]) q.set(k, filters[k]);
    return q.toString();
  }, [apiQuery, filters]);
  const search = useTraceSearch(query, refreshMs);
  const logFilters = useMemo(
    () => Object.fromEntries(LOG_FILTER_KEYS.map((k) => [k, params.get(k) ?? ''])) as LogFilters,
    [params],
  );
  const map = useServiceMap(apiQuery, refreshMs);
  const sampling = useSeries('trace_spans_sampled_total', ['decision', 'reason']);
  const spansBy = (decision: string, reason?: string) =>
    (sampling.data?.series ?? [])
      .filter((x) => x.labels.decision === decision && (!reason || x.labels.reason === reason))
      .reduce((n, x) => n + x.total.sum, 0);
  const tailKept = spansBy('kept', 'tail_error') + spansBy('kept', 'tail_slow');
  const traceId = params.get('trace');
  const trace = useTrace(traceId);
  const compareId = traceId ? params.get('compare') : null;
  const comparison = useTraceComparison(compareId, traceId);
  // An opened trace is drawn below the results: bring it into view.
  const traceRef = useRef<HTMLDivElement>(null);
  const loaded = Boolean(trace.data);
  useEffect(() => {
    if (traceId && loaded) traceRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [traceId, loaded]);
  const replace = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    router.replace(`${pathname}?${next}`, { scroll: false });
  };
  const traces = search.data?.traces ?? [];
  return (
    <Stack spacing={2}>
      <SectionCard
        title="Find traces"
        subheader={`Spans sent to POST /v1/traces (OTLP/HTTP) or /api/v2/spans (Zipkin)${
          sampling.data && spansBy('kept') + spansBy('dropped') > 0
            ? ` · in this range ${spansBy('kept').toLocaleString()} spans stored${
                tailKept
                  ? ` (${tailKept.toLocaleString()} over the traces-per-second limit, kept for an error or slowness)`
                  : ''
              }, ${spansBy('dropped').toLocaleString()} sampled out by the limit`
            : ''
        }`}
      >
        <TraceSearch key={query} initial={filters} onSearch={(f) => replace({ ...f, trace: null, compare: null })} />
      </SectionCard>
      <SectionCard
        title="Service map"
        subheader={
          map.data?.stoppedAfter
            ? `From the newest ${map.data.stoppedAfter.toLocaleString()} spans of the range`
            : 'Services and the calls between them in the time range'
        }
      >
        {map.error && <Alert severity="warning">{(map.error as Error).message}</Alert>}
        {!map.data && !map.error && <Skeleton variant="rounded" height={200} />}
        {map.data && map.data.nodes.length === 0 && (
          <EmptyState title="No services in this range">
            Services appear here once spans arrive; calls between them once a span's parent ran in another service
            (trace context passed along, as the SDKs do with a traceparent header).
          </EmptyState>
        )}
        {map.data && map.data.nodes.length > 0 && (
          <ServiceMapGraph
            map={map.data}
            seconds={map.data.seconds}
            onSearch={(service) =>
              replace({ ...Object.fromEntries(FILTER_KEYS.map((k) => [k, null])), service, trace: null, compare: null })
            }
          />
        )}
      </SectionCard>
      <SectionCard title="Logs" subheader="Records sent to POST /v1/logs (OTLP/HTTP), newest first">
        <LogSearch
          key={logFilters.logService + logFilters.logSeverity + logFilters.logText}
          apiQuery={apiQuery}
          refreshMs={refreshMs}
          filters={logFilters}
          onFilters={(f) => replace({ ...f })}
          onOpenTrace={(id) => replace({ trace: id, compare: null })}
        />
      </SectionCard>
      <SectionCard title="Traces" subheader={search.data ? `${traces.length} newest matching the filters` : undefined}>
        {search.error && <Alert severity="warning">{(search.error as Error).message}</Alert>}
        {search.data?.stoppedAfter && (
          <Alert severity="info" sx={{ mb: 1 }}>
            Duration, status and attribute filters were checked on the newest{' '}
            {search.data.stoppedAfter.toLocaleString()} spans of the range and service; narrow the range or pick a
            service to search further back.
          </Alert>
        )}
        {!search.data && !search.error && <Skeleton variant="rounded" height={200} />}
        {search.data && traces.length === 0 && (
          <EmptyState title="No traces match">
            Nothing in this time range matches. Point an OpenTelemetry exporter at this server —{' '}
            <code>OTEL_EXPORTER_OTLP_ENDPOINT</code> set to Redline's address and{' '}
            <code>OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer&nbsp;&lt;an operator's API token&gt;</code> — or widen
            the range.
          </EmptyState>
        )}
        {traces.length > 0 && (
          <TraceResults
            traces={traces}
            selected={traceId}
            onOpen={(id) => replace({ trace: id, compare: null })}
            onCompare={traceId ? (id) => replace({ compare: id }) : undefined}
          />
        )}
      </SectionCard>
      {compareId && (
        <SectionCard
          title="Compared with the open trace"
          subheader="A is the trace picked to compare, B the open one"
          action={<Button onClick={() => replace({ compare: null })}>Close</Button>}
        >
          {comparison.error && <Alert severity="warning">{(comparison.error as Error).message}</Alert>}
          {!comparison.data && !comparison.error && <Skeleton variant="rounded" height={160} />}
          {comparison.data && <TraceCompare comparison={comparison.data} />}
        </SectionCard>
      )}
      {traceId && (
        <Box ref={traceRef} sx={{ scrollMarginTop: 72 }}>
          <SectionCard
            title={trace.data ? `${trace.data.summary.rootService}: ${trace.data.summary.rootName}` : 'Trace'}
            subheader={traceId}
          >
            {trace.error && <Alert severity="warning">{(trace.error as Error).message}</Alert>}
            {!trace.data && !trace.error && <Skeleton variant="rounded" height={240} />}
            {trace.data && (
              <TraceTimeline
                key={traceId}
                summary={trace.data.summary}
                spans={trace.data.spans}
                patterns={trace.data.patterns}
                logs={trace.data.logs}
                logsTruncated={trace.data.logsTruncated}
              />
            )}
          </SectionCard>
        </Box>
      )}
    </Stack>
  );
}
