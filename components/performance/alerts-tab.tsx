'use client';
import Stack from '@mui/material/Stack';
import { AlertsList } from './alerts-list';
import { ChannelsPanel } from './channels-panel';
import { ReportSchedules } from './report-schedules';
import { RuleEditor } from './rule-editor';

export function AlertsTab() {
  return (
    <Stack spacing={2}>
      <AlertsList />
      <RuleEditor />
      <ChannelsPanel />
      <ReportSchedules />
    </Stack>
  );
}
