'use client';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { CsvButton } from '@/components/common/csv-button';
import { EmptyState } from '@/components/common/empty-state';
import { when } from '@/components/common/format';
import { SectionCard } from '@/components/common/section-card';
import { useAction } from '@/components/common/use-action';
import { mutate } from '@/lib/client/fetcher';
import { useAlertsOverview } from '@/lib/hooks/use-alerts';

const SEVERITY = { critical: 'error', warning: 'warning', info: 'info' } as const;
const sev = (s: string) => SEVERITY[s as keyof typeof SEVERITY] ?? 'default';

/** Firing and pending alerts first, then history; acknowledge and silence in one click. */
export function AlertsList() {
  const { data, mutate: reload } = useAlertsOverview();
  const act = useAction(reload);
  const silence = (ruleId: string, name: string) =>
    act(
      () =>
        mutate('POST', '/api/alerts/silences', {
          ruleId,
          comment: `Silenced from the dashboard (${name})`,
          endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        }),
      `${name} silenced for 1 hour`,
    );
  const events = data?.events ?? [];
  return (
    <SectionCard
      title="Alerts"
      subheader={
        data
          ? `${data.active.filter((a) => a.state === 'firing').length} firing · ${data.active.filter((a) => a.state === 'pending').length} pending · ${data.rules} rules`
          : undefined
      }
      action={
        events.length ? (
          <CsvButton
            filename="alerts"
            header={['id', 'rule', 'severity', 'status', 'value', 'peak', 'fired', 'resolved', 'acknowledged_by']}
            rows={() =>
              events.map((e) => [
                e.id,
                e.rule.name,
                e.severity,
                e.status,
                e.value,
                e.peakValue,
                e.firedAt,
                e.resolvedAt,
                e.acknowledgedBy,
              ])
            }
          />
        ) : undefined
      }
    >
      {data?.active.some((a) => a.state === 'pending') ? (
        <Stack direction="row" spacing={1} sx={{ mb: 1, flexWrap: 'wrap' }}>
          {data.active
            .filter((a) => a.state === 'pending')
            .map((a) => (
              <Chip
                key={a.ruleId}
                label={`pending: ${a.rule.name} (${a.lastValue?.toFixed(1) ?? '—'})`}
                color="warning"
                variant="outlined"
              />
            ))}
        </Stack>
      ) : null}
      {events.length === 0 ? (
        <EmptyState title="No alerts yet">
          Add a rule below; it is evaluated every 15 seconds against the measured data.
        </EmptyState>
      ) : (
        <Table size="small" data-testid="alerts-table">
          <TableHead>
            <TableRow>
              <TableCell>Rule</TableCell>
              <TableCell>Severity</TableCell>
              <TableCell>Status</TableCell>
              <TableCell align="right">Value / peak</TableCell>
              <TableCell>Fired</TableCell>
              <TableCell>Resolved</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {events.map((e) => (
              <TableRow key={e.id} selected={e.status === 'firing'}>
                <TableCell>{e.rule.name}</TableCell>
                <TableCell>
                  <Chip size="small" label={e.severity} color={sev(e.severity)} />
                </TableCell>
                <TableCell>
                  {e.status}
                  {e.silenced ? ' (silenced)' : ''}
                  {e.acknowledgedBy ? ` · ack ${e.acknowledgedBy}` : ''}
                </TableCell>
                <TableCell align="right">
                  {e.value?.toFixed(2) ?? '—'} / {e.peakValue?.toFixed(2) ?? '—'}
                </TableCell>
                <TableCell>{when(e.firedAt)}</TableCell>
                <TableCell>{when(e.resolvedAt)}</TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  {e.acknowledgedAt ? null : (
                    <Button
                      size="small"
                      onClick={() =>
                        act(() => mutate('POST', `/api/alerts/events/${e.id}/ack`), `Acknowledged ${e.rule.name}`)
                      }
                    >
                      Acknowledge
                    </Button>
                  )}
                  {e.status === 'firing' ? (
                    <Button size="small" onClick={() => silence(e.ruleId, e.rule.name)}>
                      Silence 1h
                    </Button>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </SectionCard>
  );
}
