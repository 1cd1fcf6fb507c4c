'use client';
import Stack from '@mui/material/Stack';
import { useCategory, useDashboard } from '@/lib/hooks/use-performance';
import { LatencyChart } from './latency-chart';
import { LatencyHeatmap } from './latency-heatmap';
import { SummaryTable } from './summary-table';

export function ApiTab() {
  const { data, isLoading } = useCategory('api');
  const dash = useDashboard();
  const budget = dash.data?.cards.find((c) => c.key === 'apiResponseTime')?.threshold;
  const report = data?.reports[0];
  return (
    <Stack spacing={2}>
      <LatencyChart
        metric="http_server_request_duration_ms"
        title="Endpoint latency"
        testId="chart-endpoint-latency"
        result={report?.series}
        isLoading={isLoading}
        budgetMs={budget}
        empty="No requests recorded in this range."
      />
      <LatencyHeatmap metric="http_server_request_duration_ms" title="Latency distribution" />
      <SummaryTable
        title="Endpoints"
        testId="api-summary"
        rows={report?.summary ?? []}
        labels={['service', 'route']}
        budgetMs={budget}
      />
    </Stack>
  );
}
