'use client';
import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { AuditPanel } from './audit-panel';
import { RuntimePanel } from './runtime-panel';
import { TokensPanel } from './tokens-panel';
import { TargetsPanel } from './targets-panel';
import { SETTINGS_TAB_LABELS as LABELS, SETTINGS_TABS, type SettingsTab } from './tabs';
import { UsersPanel } from './users-panel';

export function SettingsView({ tab }: { tab: SettingsTab }) {
  const params = useSearchParams();
  const q = params.size ? `?${params}` : '';
  return (
    <Box>
      <Tabs value={tab} sx={{ mb: 2, borderBottom: 1, borderColor: 'divider' }} aria-label="Settings sections">
        {SETTINGS_TABS.map((t) => (
          <Tab key={t} value={t} label={LABELS[t]} component={Link} href={`/settings/${t}${q}`} />
        ))}
      </Tabs>
      {tab === 'runtime' && <RuntimePanel />}
      {tab === 'users' && <UsersPanel />}
      {tab === 'tokens' && <TokensPanel />}
      {tab === 'targets' && <TargetsPanel />}
      {tab === 'audit' && <AuditPanel />}
    </Box>
  );
}
