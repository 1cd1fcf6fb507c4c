'use client';
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';
import type { Health } from '@/lib/client/types';
import { useTimeRange } from './use-time-range';

export function useHealth() {
  const { refreshMs } = useTimeRange();
  return useSWR<Health>('/api/health', fetcher, { refreshInterval: refreshMs });
}
