'use client';
// Heap snapshots (admins): taken on request (a confirmation first: the target pauses while V8
// walks its heap, and the file holds every secret in memory), kept a day, and leak triage from
// three of one target — what was allocated between the first two and is still alive in the third.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/common/confirm-dialog';
import { CsvButton } from '@/components/common/csv-button';
import { bytes, when } from '@/components/common/format';
import { SectionCard } from '@/components/common/section-card';
import { TargetSelect } from './target-select';
import { useAction } from '@/components/common/use-action';
import { mutate } from '@/lib/client/fetcher';
import { type LeakReport, useProfiles, useProfilingTargets } from '@/lib/hooks/use-profiling';
import { useSession } from '@/lib/hooks/use-session';
import { snapshotPause } from '@/lib/profiling/snapshot-estimate';

export function SnapshotsCard() {
  const session = useSession();
  const admin = session.data?.user?.role === 'admin';
  const targets = useProfilingTargets();
  const snaps = useProfiles('heap-snapshot');
  const act = useAction(snaps.mutate);
  const [target, setTarget] = useState('redline');
  const [confirm, setConfirm] = useState(false);
  const [picked, setPicked] = useState<string[]>([]);
  const [report, setReport] = useState<(LeakReport & { target: string }) | null>(null);
  const [triaging, setTriaging] = useState(false);
  const rows = snaps.data?.data ?? [];
  const heapBytes = targets.data?.data.find((t) => t.id === target)?.heapUsedBytes;
  const pause = heapBytes
    ? snapshotPause(
        heapBytes,
        rows.filter((r) => r.target === target),
      )
    : null;
  if (!admin)
    return (
      <SectionCard title="Heap snapshots">
        <Alert severity="info">
          Heap snapshots hold every secret in a process's memory: only admins take, download and triage them.
        </Alert>
      </SectionCard>
    );
  return (
    <SectionCard
      title="Heap snapshots and leak triage"
      subheader="Admins only; each snapshot is deleted after a day (HEAP_SNAPSHOT_RETENTION)"
    >
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2 }}>
        <TargetSelect value={target} onChange={setTarget} options={targets.data?.data ?? []} />
        <Button variant="outlined" onClick={() => setConfirm(true)}>
          Take heap snapshot
        </Button>
        <Button
          variant="contained"
          disabled={picked.length !== 3 || triaging}
          onClick={async () => {
            setTriaging(true);
            const r = await act(
              () => mutate<LeakReport & { target: string }>('POST', '/api/profiling/leaks', { snapshots: picked }),
              (x) => `${x.leakedObjects} objects allocated between the first two snapshots are still alive`,
            );
            setTriaging(false);
            if (r) setReport(r);
          }}
        >
          {triaging ? 'Finding leaks…' : `Find leaks (${picked.length}/3 chosen)`}
        </Button>
      </Stack>
      <Table size="small" data-testid="snapshots">
        <TableHead>
          <TableRow>
            <TableCell padding="checkbox" />
            <TableCell>Target</TableCell>
            <TableCell>Taken</TableCell>
            <TableCell align="right">Size</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.id}>
              <TableCell padding="checkbox">
                <Checkbox
                  size="small"
                  disabled={r.status !== 'complete'}
                  checked={picked.includes(r.id)}
                  slotProps={{ input: { 'aria-label': `Use the snapshot of ${when(r.startedAt)}` } }}
                  onChange={(e) =>
                    setPicked((p) => (e.target.checked ? [...p, r.id].slice(-3) : p.filter((x) => x !== r.id)))
                  }
                />
              </TableCell>
              <TableCell>
                {r.targetLabel} {r.status !== 'complete' && <Chip size="small" label={r.status} />}
              </TableCell>
              <TableCell>{when(r.startedAt)}</TableCell>
              <TableCell align="right">{bytes(r.bytes)}</TableCell>
              <TableCell align="right">
                <Button
                  size="small"
                  component="a"
                  href={`/api/profiling/profiles/${r.id}/download`}
                  disabled={r.status !== 'complete'}
                >
                  Download
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {report && (
        <Stack spacing={1} sx={{ mt: 2 }} data-testid="leak-report">
          <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center' }}>
            <Typography variant="subtitle1">
              Leak candidates in {report.target}: {report.leakedObjects} objects, {bytes(report.leakedBytes)} (of{' '}
              {report.heapObjects} on the heap)
            </Typography>
            <CsvButton
              filename="leak-candidates"
              header={['constructor', 'type', 'objects', 'self bytes', 'retained bytes', 'hints', 'retainer path']}
              rows={() =>
                report.groups.map((g) => [
                  g.name,
                  g.type,
                  g.count,
                  g.selfBytes,
                  g.retainedBytes,
                  g.hints.join(' '),
                  g.path.join(' → '),
                ])
              }
            />
          </Stack>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>Constructor</TableCell>
                <TableCell align="right">Objects</TableCell>
                <TableCell align="right">Size</TableCell>
                <TableCell>Retained through</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {report.groups.slice(0, 20).map((g) => (
                <TableRow key={`${g.type}:${g.name}`}>
                  <TableCell sx={{ fontFamily: 'monospace' }}>
                    {g.name}{' '}
                    {g.hints.map((h) => (
                      <Chip key={h} size="small" color="warning" label={h} sx={{ ml: 0.5 }} />
                    ))}
                  </TableCell>
                  <TableCell align="right">{g.count}</TableCell>
                  <TableCell align="right">{bytes(g.selfBytes)}</TableCell>
                  <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{g.path.slice(-4).join(' → ')}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Stack>
      )}
      <ConfirmDialog
        open={confirm}
        title="Take a heap snapshot?"
        confirmLabel="Take snapshot"
        onClose={() => setConfirm(false)}
        onConfirm={() => {
          setConfirm(false);
          void act(
            () => mutate('POST', '/api/profiling/profiles', { target, kind: 'heap-snapshot' }),
            'Taking the snapshot',
          );
        }}
      >
        {pause
          ? `The target's thread stops while V8 writes the snapshot: about ${Math.max(1, Math.round(pause.seconds))} s for its ${bytes(heapBytes ?? 0)} heap (at the rate of ${pause.basis}). Meanwhile it answers nothing — pages, health checks and its fleet lease included. `
          : "The target's thread stops while V8 writes the snapshot — for seconds on a large heap — and answers nothing meanwhile. "}
        The file holds every secret in its memory: it is readable by admins only and deleted after a day. Take three a
        while apart to find what leaks.
      </ConfirmDialog>
    </SectionCard>
  );
}
