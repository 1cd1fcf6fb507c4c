'use client';
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';
import type { LbConfig } from '@/lib/scaling/store';

export const useLbConfig = () =>
  useSWR<LbConfig & { algorithm: string; proxyUrl: string }>('/api/optimization/load-balancer?action=config', fetcher);
