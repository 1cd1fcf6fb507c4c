'use client';
import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import { TimeSeriesChart } from '@/components/charts/time-series-chart';
import { ms } from '@/components/common/format';
import { SectionCard } from '@/components/common/section-card';
import { useSeries } from '@/lib/hooks/use-series';
import { RouteTable } from './route-table';

export function PerformanceView() {
  const byRoute = useSeries('http_server_request_duration_ms', ['route', 'method']);
  return (
    <Stack spacing={2}>
      <Alert severity="info">
        These figures are the console&apos;s own API requests, measured by its route wrapper. Ingestion from your services, percentiles, slow queries and alerts arrive with the performance-monitoring feature.
      </Alert>
      <SectionCard title="Mean latency by route">
        <TimeSeriesChart testId="chart-latency-by-route" result={byRoute.data} isLoading={byRoute.isLoading} fields={[{ field: 'avg', label: 'mean' }]} format={ms} empty="No API requests recorded in this range." />
      </SectionCard>
      <SectionCard title="Routes">
        <RouteTable result={byRoute.data} isLoading={byRoute.isLoading} />
      </SectionCard>
    </Stack>
  );
}
