'use client';
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';

export const useHpa = (namespace: string, deployment: string) =>
  useSWR<{ yaml: string; notes: string[] }>(
    `/api/performance/scaling/hpa?${new URLSearchParams({ namespace, deployment })}`,
    fetcher,
  );
