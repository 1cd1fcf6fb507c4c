'use client';
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';
import type { providerSetup } from '@/lib/cdn';
import type { PurgeRecord } from '@/lib/cdn/purge-queue';

export const useCdnPurges = () =>
  useSWR<{ provider: ReturnType<typeof providerSetup>; purges: PurgeRecord[] }>(
    '/api/optimization/cdn?action=purges',
    fetcher,
    { refreshInterval: 10_000 },
  );
