'use client';
import Box from '@mui/material/Box';
import { TimeSeriesChart } from '@/components/charts/time-series-chart';
import { SectionCard } from '@/components/common/section-card';
import { bytes, ms, pct, perSec } from '@/components/common/format';
import { useSeries } from '@/lib/hooks/use-series';

const REQUESTS = 'http_server_request_duration_ms';

/** The console's own measurements: every API request it served, and its process. */
export function SelfMonitoringCharts() {
  const requests = useSeries(REQUESTS);
  const cpu = useSeries('process_cpu_percent');
  const rss = useSeries('process_rss_bytes');
  const emptyRequests =
    'Redline records every API request it serves. Use the console for a moment, or widen the time range.';
  const emptyProcess =
    'The console samples its own CPU and memory every 10 seconds; the first sample appears shortly after start.';
  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' } }}>
      <SectionCard
        title="Console request rate"
        subheader={
          requests.data ? `from ${requests.data.source} data, ${requests.data.stepMs / 1000}s steps` : undefined
        }
      >
        <TimeSeriesChart
          testId="chart-request-rate"
          result={requests.data}
          isLoading={requests.isLoading}
          fields={[{ field: 'rate', label: 'requests' }]}
          format={perSec}
          empty={emptyRequests}
        />
      </SectionCard>
      <SectionCard title="Console request latency">
        <TimeSeriesChart
          testId="chart-request-latency"
          result={requests.data}
          isLoading={requests.isLoading}
          fields={[
            { field: 'avg', label: 'mean' },
            { field: 'max', label: 'max' },
          ]}
          format={ms}
          empty={emptyRequests}
        />
      </SectionCard>
      <SectionCard title="Redline process CPU" subheader="CPU time of this console's own process, % of one core">
        <TimeSeriesChart
          testId="chart-cpu"
          result={cpu.data}
          isLoading={cpu.isLoading}
          fields={[{ field: 'avg', label: 'CPU' }]}
          format={pct}
          empty={emptyProcess}
        />
      </SectionCard>
      <SectionCard title="Redline process memory (RSS)" subheader="resident memory of this console's own process">
        <TimeSeriesChart
          testId="chart-rss"
          result={rss.data}
          isLoading={rss.isLoading}
          fields={[{ field: 'avg', label: 'RSS' }]}
          format={bytes}
          valueKind="bytes"
          empty={emptyProcess}
        />
      </SectionCard>
    </Box>
  );
}
