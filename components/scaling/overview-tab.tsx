'use client';
// Overview: capacity, the live topology, instances, the autoscaler's latest evaluation, manual
// controls and cost.
import Grid from '@mui/material/Grid';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { EmptyState } from '@/components/common/empty-state';
import { SectionCard } from '@/components/common/section-card';
import { useFleetStats } from '@/lib/hooks/use-fleet';
import { useLbConfig } from '@/lib/hooks/use-lb-config';
import { useScaling } from '@/lib/hooks/use-scaling';
import { CapacityCards } from './capacity-cards';
import { CostPanel } from './cost-panel';
import { DecisionExplanation } from './decision-explanation';
import { InstancesTable } from './instances-table';
import { ScaleControls } from './scale-controls';
import { Topology } from './topology';

export function OverviewTab() {
  const { data: stats, isLoading } = useFleetStats();
  const { data: scaling, mutate: reload } = useScaling();
  const { data: lb } = useLbConfig();
  const running = stats?.instances.filter((i) => i.state === 'running').length ?? 0;
  if (isLoading && !stats) return <LinearProgress aria-label="Loading the fleet" />;
  return (
    <Stack spacing={2}>
      <CapacityCards stats={stats} scaling={scaling} />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, lg: 7 }}>
          <SectionCard
            title="Topology"
            subheader={lb ? `Proxy ${lb.proxyUrl} · ${lb.algorithm}` : 'Proxy and backends'}
          >
            {stats?.backends.length ? (
              <Topology
                backends={stats.backends}
                proxyLabel={lb ? `proxy ${new URL(lb.proxyUrl).host}\n${lb.algorithm}` : 'proxy'}
              />
            ) : (
              <EmptyState title="No backends">The fleet has no instances yet: scale up below.</EmptyState>
            )}
          </SectionCard>
        </Grid>
        <Grid size={{ xs: 12, lg: 5 }}>
          <SectionCard title="Latest evaluation" subheader="Every 2 s on the instance running the fleet">
            {scaling?.lastEvaluation ? (
              <>
                <Typography variant="body1" sx={{ mb: 1 }} data-testid="latest-evaluation">
                  {scaling.lastEvaluation.summary}
                </Typography>
                <DecisionExplanation
                  policies={scaling.lastEvaluation.policies}
                  limits={scaling.lastEvaluation.limits}
                />
              </>
            ) : (
              <Typography color="text.secondary">Not evaluated yet.</Typography>
            )}
          </SectionCard>
        </Grid>
      </Grid>
      <SectionCard
        title="Instances"
        subheader={
          stats?.provider === 'kubernetes'
            ? "The Deployment's pods: CPU as % of one core and memory from the metrics API (metrics.k8s.io), every 2 s"
            : 'CPU as % of one core and resident memory from /proc, every 2 s'
        }
      >
        {stats?.instances.length ? (
          <InstancesTable instances={stats.instances} />
        ) : (
          <EmptyState title="No instances">
            {stats?.provider === 'kubernetes'
              ? 'The Deployment has no pods: scale up below.'
              : 'Scale up to start some.'}
          </EmptyState>
        )}
      </SectionCard>
      {scaling && (
        <SectionCard
          title="Manual scaling and maintenance"
          subheader="Operators: a manual size is held for a while; maintenance pauses the autoscaler"
        >
          <ScaleControls scaling={scaling} reload={reload} />
        </SectionCard>
      )}
      {scaling && <CostPanel price={scaling.config.pricePerInstanceHour} running={running} />}
    </Stack>
  );
}
