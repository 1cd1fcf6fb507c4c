'use client';
import useSWR from 'swr';
import type { Band } from '@/lib/alerts/anomaly';
import { fetcher } from '@/lib/client/fetcher';
import { useTimeRange } from './use-time-range';

export function useBand(name: string, field: 'avg' | 'max' | 'p95', enabled: boolean) {
  const { apiQuery, refreshMs } = useTimeRange();
  return useSWR<{ method: string; points: Band[] }>(
    enabled ? `/api/metrics/band?name=${name}&field=${field}&${apiQuery}` : null,
    fetcher,
    { refreshInterval: refreshMs },
  );
}
