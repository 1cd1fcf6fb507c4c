'use client';
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';
import type { cdnStats } from '@/lib/delivery/optimize';
import { useTimeRange } from './use-time-range';

/** Delivery through signed URLs over the selected range, the variant cache and edge purges. */
export function useCdnStats() {
  const { apiQuery, refreshMs } = useTimeRange();
  return useSWR<Awaited<ReturnType<typeof cdnStats>>>(`/api/optimization/cdn?action=stats&${apiQuery}`, fetcher, {
    refreshInterval: refreshMs || 30_000,
  });
}
