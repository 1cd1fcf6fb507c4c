'use client';
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';
import type { TargetStatus } from '@/lib/cdn/health';

export const useCdnHealth = () =>
  useSWR<{ targets: TargetStatus[]; active: string | null; intervalMs: number; enabled: boolean }>(
    '/api/optimization/cdn?action=health',
    fetcher,
    { refreshInterval: 10_000 },
  );
