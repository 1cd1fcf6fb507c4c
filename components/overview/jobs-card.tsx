'use client';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Skeleton from '@mui/material/Skeleton';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/common/confirm-dialog';
import { ms, when } from '@/components/common/format';
import { useAction } from '@/components/common/use-action';
import { SectionCard } from '@/components/common/section-card';
import { mutate } from '@/lib/client/fetcher';
import { useJobs } from '@/lib/hooks/use-jobs';

/** Scheduled jobs with their measured last runs, and "Run now" for operators. */
export function JobsCard() {
  const { data, isLoading, mutate: reload } = useJobs();
  const act = useAction(reload);
  const [confirm, setConfirm] = useState<string | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  async function run(name: string) {
    setConfirm(null);
    setRunning(name);
    // A job that ran and failed answers 200 with status "error"; the message says so.
    await act(
      () => mutate<{ durationMs: number; status: string; error?: string }>('POST', `/api/jobs/${name}/run`),
      (r) =>
        r.status === 'success'
          ? `${name} finished in ${ms(r.durationMs)}`
          : { message: `${name} failed: ${r.error}`, severity: 'error' },
    );
    setRunning(null);
  }
  return (
    <SectionCard
      title="Scheduled jobs"
      subheader={
        data
          ? `This instance ${data.leader ? 'leads the scheduler' : 'is standing by (another instance leads)'}`
          : undefined
      }
    >
      {isLoading || !data ? (
        <Skeleton variant="rounded" height={80} />
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>Job</TableCell>
              <TableCell>Schedule</TableCell>
              <TableCell>Last run</TableCell>
              <TableCell>Duration</TableCell>
              <TableCell>Next run</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {data.jobs.map((j) => {
              const last = j.lastRun;
              return (
                <TableRow key={j.name}>
                  <TableCell title={j.description}>{j.name}</TableCell>
                  <TableCell>
                    <code>{j.cron}</code>
                  </TableCell>
                  <TableCell>
                    {last ? (
                      <Chip
                        size="small"
                        label={`${last.status} · ${when(last.startedAt)}`}
                        title={last.error}
                        color={last.status === 'success' ? 'success' : 'error'}
                      />
                    ) : (
                      'never'
                    )}
                  </TableCell>
                  <TableCell>{last?.durationMs != null ? ms(last.durationMs) : '—'}</TableCell>
                  <TableCell>{when(j.nextRun)}</TableCell>
                  <TableCell align="right">
                    <Button
                      size="small"
                      variant="outlined"
                      disabled={running === j.name}
                      onClick={() => setConfirm(j.name)}
                    >
                      {running === j.name ? 'Running…' : 'Run now'}
                    </Button>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      <ConfirmDialog
        open={confirm !== null}
        title={`Run ${confirm} now?`}
        confirmLabel="Run now"
        onClose={() => setConfirm(null)}
        onConfirm={() => confirm && void run(confirm)}
      >
        {data?.jobs.find((j) => j.name === confirm)?.description}. This needs the operator role.
      </ConfirmDialog>
    </SectionCard>
  );
}
