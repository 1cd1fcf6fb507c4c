'use client';
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';
import type { TokenRow } from '@/lib/client/types';

export const useTokens = () => useSWR<{ data: TokenRow[] }>('/api/tokens', fetcher);
