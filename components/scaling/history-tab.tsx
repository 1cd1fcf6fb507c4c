'use client';
// The decision timeline over the selected range: every scaling action (the autoscaler's and
// manual ones) and every change a limit held back, each with its explanation and, for scale-ups,
// how long the new capacity took to take traffic.
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { useState } from 'react';
import { CsvButton } from '@/components/common/csv-button';
import { EmptyState } from '@/components/common/empty-state';
import { SectionCard } from '@/components/common/section-card';
import { useScaling } from '@/lib/hooks/use-scaling';
import { DecisionExplanation } from './decision-explanation';

export function HistoryTab() {
  const { data, isLoading } = useScaling();
  const [actionsOnly, setActionsOnly] = useState(false);
  if (isLoading && !data) return <LinearProgress aria-label="Loading decisions" />;
  const rows = (data?.decisions ?? []).filter((d) => !actionsOnly || d.direction !== 'none');
  return (
    <SectionCard
      title="Decision timeline"
      subheader="Newest first, over the selected time range (7 days at most)"
      action={
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <FormControlLabel
            control={<Switch checked={actionsOnly} onChange={(e) => setActionsOnly(e.target.checked)} />}
            label="Actions only"
          />
          {rows.length > 0 && (
            <CsvButton
              filename="scaling-decisions"
              header={['at', 'trigger', 'by', 'before', 'recommended', 'after', 'summary', 'ready_ms']}
              rows={() =>
                rows.map((d) => [d.at, d.trigger, d.by, d.before, d.recommended, d.after, d.summary, d.readyMs])
              }
            />
          )}
        </Stack>
      }
    >
      {rows.length === 0 ? (
        <EmptyState title="No decisions in this range">
          The autoscaler records each action and each change a limit held back; manual scaling is recorded too.
        </EmptyState>
      ) : (
        <Table size="small" aria-label="Scaling decisions">
          <TableHead>
            <TableRow>
              <TableCell>When</TableCell>
              <TableCell>Change</TableCell>
              <TableCell>Why</TableCell>
              <TableCell align="right">Took traffic after</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((d) => (
              <TableRow key={d.id} sx={{ verticalAlign: 'top' }}>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {new Date(d.at).toLocaleString()}
                  <br />
                  <Chip size="small" label={d.trigger} variant="outlined" /> {d.by ?? ''}
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  <Chip
                    size="small"
                    color={d.direction === 'up' ? 'primary' : d.direction === 'down' ? 'secondary' : 'default'}
                    label={d.direction === 'none' ? `held at ${d.before}` : `${d.before} → ${d.after}`}
                  />
                  {!d.ok && <Chip size="small" color="error" label={d.error ?? 'failed'} sx={{ ml: 1 }} />}
                </TableCell>
                <TableCell>
                  <div>{d.summary}</div>
                  <DecisionExplanation policies={d.detail.policies} limits={d.detail.limits} />
                </TableCell>
                <TableCell align="right">{d.readyMs === null ? '—' : `${(d.readyMs / 1000).toFixed(1)} s`}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </SectionCard>
  );
}
