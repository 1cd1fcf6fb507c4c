'use client';
import Stack from '@mui/material/Stack';
import { useCategory, useDashboard, useSlowQueries } from '@/lib/hooks/use-performance';
import { LatencyChart } from './latency-chart';
import { SlowQueryTable } from './slow-query-table';
import { SummaryTable } from './summary-table';

export function DatabaseTab() {
  const { data, isLoading } = useCategory('database');
  const dash = useDashboard();
  const slow = useSlowQueries();
  const budget = dash.data?.cards.find((c) => c.key === 'databaseQueryTime')?.threshold;
  const report = data?.reports[0];
  return (
    <Stack spacing={2}>
      <LatencyChart
        metric="db_query_duration_ms"
        title="Query latency"
        testId="chart-db-latency"
        result={report?.series}
        isLoading={isLoading}
        budgetMs={budget}
        empty="Every query Redline's Prisma client runs is timed here."
      />
      <SummaryTable
        title="Operations"
        testId="db-summary"
        rows={report?.summary ?? []}
        labels={['model', 'operation']}
        budgetMs={budget}
      />
      <SlowQueryTable rows={slow.data?.data ?? []} thresholdMs={undefined} />
    </Stack>
  );
}
