'use client';
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';
import type { SettingView } from '@/lib/client/types';

export const useSettings = () => useSWR<{ data: SettingView[] }>('/api/settings', fetcher);
