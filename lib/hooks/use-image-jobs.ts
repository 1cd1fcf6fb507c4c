'use client';
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';
import type { JobView } from '@/lib/images/jobs';

const live = (s: string | undefined) => s === 'queued' || s === 'running';

/** Recent background jobs; polled every second while one of them is still working. */
export const useImageJobs = () =>
  useSWR<{ jobs: JobView[] }>('/api/optimization/images?action=jobs', fetcher, {
    refreshInterval: (d) => (d?.jobs.some((j) => live(j.status)) ? 1_000 : 15_000),
  });
