'use client';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { when } from '@/components/common/format';
import { SectionCard } from '@/components/common/section-card';
import { useAction } from '@/components/common/use-action';
import { mutate } from '@/lib/client/fetcher';
import { useAlertChannels } from '@/lib/hooks/use-alerts';
import { useReportSchedules } from '@/lib/hooks/use-report-schedules';
import { ChannelSelect } from './channel-select';

/** Daily (07:00) or weekly (Mondays 07:00) PDF reports sent to channels. */
export function ReportSchedules() {
  const { data, mutate: reload } = useReportSchedules();
  const channels = useAlertChannels();
  const act = useAction(reload);
  const [f, setF] = useState({ name: '', cadence: 'daily', channelIds: [] as string[] });
  const names = new Map((channels.data?.data ?? []).map((c) => [c.id, c.name]));
  return (
    <SectionCard
      title="Scheduled reports"
      subheader="The PDF report of the last day or week, attached to emails and linked from webhooks and Slack"
    >
      <Stack
        direction={{ xs: 'column', md: 'row' }}
        spacing={1}
        component="form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await act(() => mutate('POST', '/api/reports/schedules', f), `Report ${f.name} scheduled`))
            setF({ name: '', cadence: 'daily', channelIds: [] });
        }}
      >
        <TextField size="small" label="Name" value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />
        <TextField
          size="small"
          select
          label="Cadence"
          value={f.cadence}
          sx={{ minWidth: 120 }}
          onChange={(e) => setF({ ...f, cadence: e.target.value })}
        >
          <MenuItem value="daily">daily</MenuItem>
          <MenuItem value="weekly">weekly</MenuItem>
        </TextField>
        <ChannelSelect value={f.channelIds} minWidth={200} onChange={(channelIds) => setF({ ...f, channelIds })} />
        <Button type="submit" variant="contained" disabled={!f.name || f.channelIds.length === 0}>
          Schedule
        </Button>
      </Stack>
      <Table size="small" sx={{ mt: 1 }}>
        <TableBody>
          {(data?.data ?? []).map((s) => (
            <TableRow key={s.id}>
              <TableCell>{s.name}</TableCell>
              <TableCell>{s.cadence}</TableCell>
              <TableCell>{s.channelIds.map((id) => names.get(id) ?? id).join(', ')}</TableCell>
              <TableCell>last sent {when(s.lastSentAt)}</TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                <Button
                  size="small"
                  onClick={() =>
                    act(
                      () => mutate<{ sent: number; failed: number }>('POST', `/api/reports/schedules/${s.id}/send`),
                      (r) =>
                        r.failed
                          ? {
                              message: `${r.sent} sent, ${r.failed} failed (see the delivery log)`,
                              severity: 'warning',
                            }
                          : `Report sent to ${r.sent} channel(s)`,
                    )
                  }
                >
                  Send now
                </Button>
                <Button
                  size="small"
                  color="error"
                  onClick={() => act(() => mutate('DELETE', `/api/reports/schedules/${s.id}`), `Stopped ${s.name}`)}
                >
                  Delete
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </SectionCard>
  );
}
