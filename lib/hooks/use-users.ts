'use client';
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';
import type { UserRow } from '@/lib/client/types';

export const useUsers = () => useSWR<{ data: UserRow[] }>('/api/users', fetcher);
