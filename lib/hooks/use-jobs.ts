'use client';
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';
import type { JobsInfo } from '@/lib/client/types';
import { useTimeRange } from './use-time-range';

export function useJobs() {
  const { refreshMs } = useTimeRange();
  return useSWR<JobsInfo>('/api/jobs', fetcher, { refreshInterval: refreshMs });
}
