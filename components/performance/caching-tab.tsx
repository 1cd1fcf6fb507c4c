'use client';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { TimeSeriesChart } from '@/components/charts/time-series-chart';
import { pct, perSec } from '@/components/common/format';
import { SectionCard } from '@/components/common/section-card';
import { useDashboard } from '@/lib/hooks/use-performance';
import { useSeries } from '@/lib/hooks/use-series';

export function CachingTab() {
  const byResult = useSeries('cache_requests_total', ['result']);
  const dash = useDashboard();
  const hit = dash.data?.cards.find((c) => c.key === 'cacheHitRate');
  return (
    <Stack spacing={2}>
      <SectionCard title="Cache hit rate" subheader={hit ? `floor ${pct(hit.threshold)}` : undefined}>
        <Typography variant="h4" data-testid="cache-hit-rate">
          {hit?.value == null ? '—' : pct(hit.value)}
        </Typography>
      </SectionCard>
      <SectionCard title="Cache requests by result">
        <TimeSeriesChart
          testId="chart-cache"
          result={byResult.data}
          isLoading={byResult.isLoading}
          fields={[{ field: 'rate', label: 'requests' }]}
          format={perSec}
          empty="Cache reads through Redline's cache layer (Redis or in-process) are counted here as hits and misses."
        />
      </SectionCard>
    </Stack>
  );
}
