'use client';
// Background optimization jobs (shared by every instance): the running one's progress with
// cancel, and the last few with their outcome. Reports each job that finishes while watched.
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useRef } from 'react';
import { bytes } from '@/components/common/format';
import { useNotify } from '@/components/common/notifier';
import { mutate } from '@/lib/client/fetcher';
import { useImageJobs } from '@/lib/hooks/use-image-jobs';
import type { JobView } from '@/lib/images/jobs';

const live = (j: JobView) => j.status === 'queued' || j.status === 'running';

/**
 * `started`: jobs this page queued. They are reported when they end even if no refresh saw them
 * running (a job of cached variants can finish before the list is read again).
 */
export function JobProgress({ onFinished, started }: { onFinished: () => void; started: ReadonlySet<string> }) {
  const { data, mutate: reload } = useImageJobs();
  const notify = useNotify();
  const watched = useRef(new Set<string>());
  const reported = useRef(new Set<string>());
  const jobs = data?.jobs ?? [];
  const running = jobs.filter(live);

  useEffect(() => {
    for (const id of started) if (!reported.current.has(id)) watched.current.add(id);
    for (const j of jobs) {
      if (live(j)) watched.current.add(j.id);
      else if (watched.current.delete(j.id)) {
        reported.current.add(j.id);
        const text =
          j.status === 'cancelled'
            ? `Cancelled after ${j.done + j.failed} of ${j.total} variants`
            : `Made ${j.done} variants${j.failed ? `, ${j.failed} failed` : ''}`;
        notify(text, j.failed || j.status === 'cancelled' ? 'warning' : 'success');
        onFinished();
      }
    }
  }, [jobs, started, notify, onFinished]);

  async function cancel(id: string) {
    try {
      await mutate('POST', '/api/optimization/images', { action: 'cancel', id });
      await reload();
    } catch (e) {
      notify((e as Error).message, 'error');
    }
  }

  return (
    <>
      {running.map((j) => (
        <Stack key={j.id} direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2 }}>
          <LinearProgress
            variant="determinate"
            value={((j.done + j.failed) / Math.max(1, j.total)) * 100}
            sx={{ flex: 1 }}
            aria-label="Optimization progress"
          />
          <Typography variant="body2" sx={{ minWidth: 160 }}>
            {j.done + j.failed} / {j.total} variants{j.failed ? ` · ${j.failed} failed` : ''}
          </Typography>
          <Button size="small" onClick={() => void cancel(j.id)}>
            Cancel
          </Button>
        </Stack>
      ))}
      {jobs.length > 0 && running.length === 0 && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }} data-testid="last-job">
          Last job ({new Date(jobs[0]?.createdAt ?? 0).toLocaleString()} by {jobs[0]?.createdBy}):{' '}
          <Chip size="small" label={jobs[0]?.status} /> {jobs[0]?.done} made
          {jobs[0]?.failed ? `, ${jobs[0].failed} failed` : ''}
          {jobs[0]?.bytesBefore ? ` · ${bytes(jobs[0].bytesBefore)} → ${bytes(jobs[0].bytesAfter)}` : ''}
        </Typography>
      )}
    </>
  );
}

/** Queues a background job for these items; the progress above picks it up. */
export async function startJob(items: readonly { src: string; options: Record<string, unknown> }[]): Promise<JobView> {
  return mutate<JobView>('POST', '/api/optimization/images', { action: 'job', images: items });
}
