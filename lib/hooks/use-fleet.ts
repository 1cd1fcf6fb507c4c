'use client';
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';
import type { FleetSnapshot } from '@/lib/fleet/views';

type Stats = Pick<FleetSnapshot, 'provider' | 'totals' | 'backends' | 'instances' | 'desired'> & { at: string };

/** The fleet and the proxy, every 2 s (they move fast); null data with a 503 error when no fleet runs. */
export const useFleetStats = () =>
  useSWR<Stats>('/api/optimization/load-balancer?action=stats', fetcher, { refreshInterval: 2_000 });
