'use client';
// The Profiling dashboard: tabs are URL segments (shareable, reloadable).
import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { NotYetMeasured } from '@/components/common/coming-soon';
import { CpuTab } from './cpu-tab';
import { MemoryTab } from './memory-tab';
import { OverviewTab } from './overview-tab';
import { PROFILING_TAB_LABELS, PROFILING_TABS, type ProfilingTab } from './tabs';
import { TestsTab } from './tests-tab';
import { TracingTab } from '@/components/tracing/tracing-tab';

export function ProfilingView({ tab }: { tab: ProfilingTab }) {
  const params = useSearchParams();
  const keep = new URLSearchParams();
  for (const k of ['range', 'from', 'to', 'refresh']) {
    const v = params.get(k);
    if (v) keep.set(k, v);
  }
  const q = keep.size ? `?${keep}` : '';
  return (
    <Box>
      <Tabs
        value={tab}
        variant="scrollable"
        aria-label="Profiling sections"
        sx={{ mb: 2, borderBottom: 1, borderColor: 'divider' }}
      >
        {PROFILING_TABS.map((t) => (
          <Tab key={t} value={t} label={PROFILING_TAB_LABELS[t]} component={Link} href={`/profiling/${t}${q}`} />
        ))}
      </Tabs>
      {tab === 'overview' && <OverviewTab />}
      {tab === 'cpu' && <CpuTab />}
      {tab === 'memory' && <MemoryTab />}
      {tab === 'tracing' && <TracingTab />}
      {tab === 'code' && (
        <NotYetMeasured title="Code analysis comes with its feature">
          Bundle and code optimization findings arrive with the code-optimization feature; nothing is shown until it
          measures something.
        </NotYetMeasured>
      )}
      {tab === 'tests' && <TestsTab />}
    </Box>
  );
}
