'use client';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import { SectionCard } from '@/components/common/section-card';
import { useScaling } from '@/lib/hooks/use-scaling';
import { HpaPanel } from './hpa-panel';
import { LimitsForm } from './limits-form';
import { PolicyEditor } from './policy-editor';
import { SchedulesEditor } from './schedules-editor';

export function PoliciesTab() {
  const { data, mutate: reload } = useScaling();
  if (!data) return <LinearProgress aria-label="Loading policies" />;
  // Each form is keyed by what it edits, so a save (here or elsewhere) refreshes it and nothing else does.
  const c = data.config;
  const limits = JSON.stringify([
    c.enabled,
    c.minInstances,
    c.maxInstances,
    c.scaleUpCooldownMs,
    c.scaleDownCooldownMs,
    c.stabilizationMs,
    c.maxStepUp,
    c.memoryLimitMb,
    c.pricePerInstanceHour,
  ]);
  return (
    <Stack spacing={2}>
      <SectionCard
        title="Policies"
        subheader="The highest ask wins: any policy may scale up, scale-down needs them all"
      >
        <PolicyEditor key={JSON.stringify(c.policies)} policies={data.config.policies} reload={reload} />
      </SectionCard>
      <SectionCard title="Limits" subheader="Min, max and cooldowns are runtime settings too (Settings → Runtime)">
        <LimitsForm key={limits} config={data.config} reload={reload} />
      </SectionCard>
      <SectionCard title="Schedules" subheader="Keep at least N instances from each cron time, for a while">
        <SchedulesEditor key={JSON.stringify(c.schedules)} schedules={data.config.schedules} reload={reload} />
      </SectionCard>
      <SectionCard
        title="As a Kubernetes HorizontalPodAutoscaler"
        subheader="The saved configuration, for a cluster that should scale a Deployment itself"
      >
        <HpaPanel />
      </SectionCard>
    </Stack>
  );
}
