'use client';
import Stack from '@mui/material/Stack';
import { HealthCards } from './health-cards';
import { JobsCard } from './jobs-card';
import { SelfMonitoringCharts } from './request-charts';

export function OverviewView() {
  return (
    <Stack spacing={2}>
      <HealthCards />
      <SelfMonitoringCharts />
      <JobsCard />
    </Stack>
  );
}
