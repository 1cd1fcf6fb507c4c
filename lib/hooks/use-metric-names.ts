'use client';
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';

export const useMetricNames = () => useSWR<{ data: { name: string; count: number }[] }>('/api/metrics/names', fetcher);
