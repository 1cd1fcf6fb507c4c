'use client';
// The assets inventory and the purge form share one data source, so a purge refreshes the table.
import Stack from '@mui/material/Stack';
import { useAssets } from '@/lib/hooks/use-assets';
import { AssetsPanel } from './assets-panel';
import { CdnHealthPanel } from './cdn-health-panel';
import { PurgePanel } from './purge-panel';
import { SavingsChart } from './savings-chart';

export function AssetsSection() {
  const { mutate } = useAssets();
  return (
    <Stack spacing={2}>
      <AssetsPanel />
      <SavingsChart />
      <PurgePanel onPurged={() => void mutate()} />
      <CdnHealthPanel />
    </Stack>
  );
}
