'use client';
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import Switch from '@mui/material/Switch';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTimeRange } from '@/lib/hooks/use-time-range';
import { AlertsTab } from './alerts-tab';
import { ApiTab } from './api-tab';
import { CachingTab } from './caching-tab';
import { CdnTab } from './cdn-tab';
import { DatabaseTab } from './database-tab';
import { OptimizationTab } from './optimization-tab';
import { OverviewTab } from './overview-tab';
import { PERFORMANCE_TAB_LABELS, PERFORMANCE_TABS, type PerformanceTab } from './tabs';

/** The Performance dashboard: tabs are URL segments; live mode is ?live=1, so both can be shared. */
export function PerformanceTabs({ tab }: { tab: PerformanceTab }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const { apiQuery } = useTimeRange();
  const live = params.get('live') === '1';
  const q = params.size ? `?${params}` : '';
  const toggleLive = () => {
    const next = new URLSearchParams(params.toString());
    if (live) next.delete('live');
    else next.set('live', '1');
    router.replace(`${pathname}?${next}`, { scroll: false });
  };
  return (
    <Box>
      <Box
        sx={{
          display: 'flex',
          alignItems: 'center',
          gap: 2,
          mb: 2,
          borderBottom: 1,
          borderColor: 'divider',
          flexWrap: 'wrap',
        }}
      >
        <Tabs value={tab} variant="scrollable" aria-label="Performance sections" sx={{ flexGrow: 1 }}>
          {PERFORMANCE_TABS.map((t) => (
            <Tab key={t} value={t} label={PERFORMANCE_TAB_LABELS[t]} component={Link} href={`/performance/${t}${q}`} />
          ))}
        </Tabs>
        <FormControlLabel control={<Switch checked={live} onChange={toggleLive} />} label="Live" />
        <Button
          size="small"
          startIcon={<PictureAsPdfIcon />}
          href={`/api/performance/reports?${apiQuery}`}
          target="_blank"
        >
          PDF report
        </Button>
      </Box>
      {tab === 'overview' && <OverviewTab live={live} />}
      {tab === 'api' && <ApiTab />}
      {tab === 'database' && <DatabaseTab />}
      {tab === 'caching' && <CachingTab />}
      {tab === 'cdn' && <CdnTab />}
      {tab === 'optimization' && <OptimizationTab />}
      {tab === 'alerts' && <AlertsTab />}
    </Box>
  );
}
