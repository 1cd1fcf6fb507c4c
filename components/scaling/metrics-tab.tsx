'use client';
// The fleet's measured history over the selected range: instances, proxy rate and latency, and
// CPU per instance (lines and a heatmap).
import Grid from '@mui/material/Grid';
import { TimeSeriesChart } from '@/components/charts/time-series-chart';
import { ms } from '@/components/common/format';
import { SectionCard } from '@/components/common/section-card';
import { useSeries } from '@/lib/hooks/use-series';
import { UtilizationHeatmap } from './utilization-heatmap';

function Chart({
  name,
  groupBy = [],
  title,
  format,
  empty,
  valueKind,
}: {
  name: string;
  groupBy?: string[];
  title: string;
  format?: (v: number) => string;
  empty: string;
  valueKind?: 'count' | 'bytes';
}) {
  const { data, isLoading } = useSeries(name, groupBy);
  return (
    <SectionCard title={title}>
      <TimeSeriesChart
        result={data}
        isLoading={isLoading}
        fields={[{ field: 'avg', label: 'avg' }]}
        format={format}
        empty={empty}
        valueKind={valueKind}
        testId={`chart-${name}`}
      />
    </SectionCard>
  );
}

export function MetricsTab() {
  return (
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, md: 6 }}>
        <Chart
          name="fleet_instances"
          groupBy={['state']}
          title="Instances (running and desired)"
          valueKind="count"
          empty="No instance counts recorded in this range."
        />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <Chart
          name="lb_requests_per_second"
          title="Requests per second through the proxy"
          empty="No traffic recorded in this range."
        />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <Chart
          name="lb_latency_p95_ms"
          title="p95 latency through the proxy"
          format={ms}
          empty="No latency recorded in this range."
        />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <Chart
          name="fleet_instance_cpu_pct"
          groupBy={['instance']}
          title="CPU per instance (% of one core)"
          empty="No CPU recorded in this range."
        />
      </Grid>
      <Grid size={12}>
        <SectionCard title="Per-instance utilization">
          <UtilizationHeatmap />
        </SectionCard>
      </Grid>
    </Grid>
  );
}
