'use client';
// The Auto-Scaling dashboard: tabs are URL segments (shareable), each reading the fleet through
// its own hooks; without a running fleet every tab says why.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useFleetStats } from '@/lib/hooks/use-fleet';
import { HistoryTab } from './history-tab';
import { LoadBalancerTab } from './load-balancer-tab';
import { MetricsTab } from './metrics-tab';
import { OverviewTab } from './overview-tab';
import { PoliciesTab } from './policies-tab';
import { PredictionsTab } from './predictions-tab';
import { SCALING_TAB_LABELS, SCALING_TABS, type ScalingTab } from './tabs';

export function ScalingView({ tab }: { tab: ScalingTab }) {
  const params = useSearchParams();
  const q = params.size ? `?${params}` : '';
  const { error } = useFleetStats();
  return (
    <Box>
      <Tabs
        value={tab}
        variant="scrollable"
        aria-label="Scaling sections"
        sx={{ mb: 2, borderBottom: 1, borderColor: 'divider' }}
      >
        {SCALING_TABS.map((t) => (
          <Tab key={t} value={t} label={SCALING_TAB_LABELS[t]} component={Link} href={`/scaling/${t}${q}`} />
        ))}
      </Tabs>
      {error && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {(error as Error).message}. The fleet starts with Redline unless LOAD_BALANCER_ENABLED=false or
          FLEET_PROVIDER=none; its proxy listens on PORT + 80 (LB_PROXY_PORT).
        </Alert>
      )}
      {tab === 'overview' && <OverviewTab />}
      {tab === 'load-balancer' && <LoadBalancerTab />}
      {tab === 'policies' && <PoliciesTab />}
      {tab === 'metrics' && <MetricsTab />}
      {tab === 'history' && <HistoryTab />}
      {tab === 'predictions' && <PredictionsTab />}
    </Box>
  );
}
