'use client';
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';
import type { Asset } from '@/lib/images/inventory';

export const useAssets = () => useSWR<{ assets: Asset[]; truncated: boolean }>('/api/optimization/assets', fetcher);
