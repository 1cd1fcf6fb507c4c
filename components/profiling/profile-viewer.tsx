'use client';
// One profile drawn: the flame graph, its function table, its labels (routes and jobs) to narrow
// it to one, and — with a baseline chosen — the overlaid diff and the functions that changed most.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { SectionCard } from '@/components/common/section-card';
import { useProfileData, useProfileDiff } from '@/lib/hooks/use-profiling';
import { FlameGraph } from './flame-graph';
import { FunctionTable, where } from './function-table';

export function ProfileViewer({
  source,
  baseline,
  onClearBaseline,
}: {
  source: string;
  baseline: string | null;
  onClearBaseline: () => void;
}) {
  const [label, setLabel] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  const data = useProfileData(source, label || undefined);
  const diff = useProfileDiff(baseline && baseline !== source ? baseline : null, baseline ? source : null);
  const d = data.data;
  return (
    <SectionCard
      title={d?.name ?? 'Profile'}
      subheader={baseline ? 'Compared with the baseline, each normalized to its own total' : undefined}
      action={
        <Stack direction="row" spacing={1}>
          {d && d.labels.length > 1 && (
            <TextField
              select
              size="small"
              label="Route or job"
              value={label}
              onChange={(e) => setLabel(e.target.value)}
              sx={{ minWidth: 220 }}
            >
              <MenuItem value="">all samples</MenuItem>
              {d.labels.map((l) => (
                <MenuItem
                  key={l.label}
                  value={l.label === '(unattributed)' ? '' : l.label}
                  disabled={l.label === '(unattributed)'}
                >
                  {l.label}
                </MenuItem>
              ))}
            </TextField>
          )}
          {baseline && (
            <Button size="small" onClick={onClearBaseline}>
              Clear baseline
            </Button>
          )}
        </Stack>
      }
    >
      {data.error && <Alert severity="warning">{(data.error as Error).message}</Alert>}
      {!d && !data.error && <Skeleton variant="rounded" height={240} />}
      {d && d.profile.stacks.length === 0 && (
        <Alert severity="info">No samples {label ? `for ${label}` : 'in this profile'}.</Alert>
      )}
      {d && d.profile.stacks.length > 0 && (
        <>
          <FlameGraph
            profile={diff.data?.after.profile ?? d.profile}
            baseline={diff.data?.before.profile}
            onSelect={(s) => setSelected(s.frame)}
          />
          {diff.data && (
            <Table size="small" sx={{ my: 2 }} data-testid="diff-functions">
              <TableHead>
                <TableRow>
                  <TableCell>Changed most (self share)</TableCell>
                  <TableCell>Where</TableCell>
                  <TableCell align="right">Baseline</TableCell>
                  <TableCell align="right">This</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {diff.data.functions.slice(0, 10).map((f) => (
                  <TableRow key={`${f.name}@${f.file}:${f.line}`}>
                    <TableCell sx={{ fontFamily: 'monospace' }}>{f.name}</TableCell>
                    <TableCell sx={{ color: 'text.secondary' }}>{where(f.file, f.line)}</TableCell>
                    <TableCell align="right">{(f.before * 100).toFixed(1)}%</TableCell>
                    <TableCell align="right">{(f.after * 100).toFixed(1)}%</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          <FunctionTable profile={d.profile} selected={selected} onSelect={setSelected} />
        </>
      )}
    </SectionCard>
  );
}
