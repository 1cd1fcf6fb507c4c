'use client';
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';
import type { ForecastView } from '@/lib/scaling/history';

export const useForecast = () => useSWR<ForecastView>('/api/performance/scaling/forecast', fetcher, { refreshInterval: 5 * 60_000 });
