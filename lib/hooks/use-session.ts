'use client';
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';
import type { SessionInfo } from '@/lib/client/types';

export const useSession = () => useSWR<SessionInfo>('/api/auth/session', fetcher);
