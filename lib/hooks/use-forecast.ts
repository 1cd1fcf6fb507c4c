'use client';
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';
import type { ForecastView, Season } from '@/lib/scaling/history';

export const useForecast = (season: Season) =>
  useSWR<ForecastView>(`/api/performance/scaling/forecast?season=${season}`, fetcher, {
    refreshInterval: season === '1d' ? 5 * 60_000 : 10_000,
  });
