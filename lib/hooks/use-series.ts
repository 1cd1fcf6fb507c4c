'use client';
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';
import type { SeriesResult } from '@/lib/client/types';
import { useTimeRange } from './use-time-range';

/** One metric over the global time range; `groupBy` label names, [] to merge all series. */
export function useSeries(name: string | null, groupBy: string[] = []) {
  const { apiQuery, refreshMs } = useTimeRange();
  const key = name
    ? `/api/metrics/series?name=${encodeURIComponent(name)}&groupBy=${groupBy.join(',')}&${apiQuery}`
    : null;
  return useSWR<SeriesResult>(key, fetcher, { refreshInterval: refreshMs, keepPreviousData: true });
}
