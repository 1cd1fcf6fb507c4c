'use client';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import { useCategory, useDashboard } from '@/lib/hooks/use-performance';
import { AlertsList } from './alerts-list';
import { Gauge } from './gauge';
import { LatencyChart } from './latency-chart';
import { LatencyHeatmap } from './latency-heatmap';
import { LivePanel } from './live-panel';
import { SlowQueryTable } from './slow-query-table';
import { SummaryCards } from './summary-cards';

export function OverviewTab({ live }: { live: boolean }) {
  const dash = useDashboard();
  const api = useCategory('api');
  const card = (key: string) => dash.data?.cards.find((c) => c.key === key);
  return (
    <Stack spacing={2}>
      {dash.data ? <SummaryCards cards={dash.data.cards} /> : <Skeleton variant="rounded" height={96} />}
      {live ? <LivePanel /> : null}
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: '2fr 1fr' } }}>
        <LatencyChart
          metric="http_server_request_duration_ms"
          title="API latency (all services)"
          testId="chart-api-latency"
          result={api.data?.reports[0]?.series}
          isLoading={api.isLoading}
          budgetMs={card('apiResponseTime')?.threshold}
          empty="Requests to Redline and to services that ingest http_server_request_duration_ms appear here."
        />
        <Paper variant="outlined" sx={{ p: 2, display: 'grid', gap: 2, alignContent: 'center' }}>
          <Gauge
            id="cpu"
            label={card('cpuUsage')?.title ?? 'CPU'}
            value={card('cpuUsage')?.value ?? null}
            threshold={card('cpuUsage')?.threshold ?? 80}
          />
          <Gauge
            id="memory"
            label={card('memoryUsage')?.title ?? 'Memory'}
            value={card('memoryUsage')?.value ?? null}
            threshold={card('memoryUsage')?.threshold ?? 85}
          />
        </Paper>
      </Box>
      <LatencyHeatmap metric="http_server_request_duration_ms" title="Latency distribution" />
      <AlertsList />
      <SlowQueryTable rows={dash.data?.slowQueries ?? []} thresholdMs={undefined} />
    </Stack>
  );
}
