'use client';
// SWR hooks of the performance endpoints, keyed by URL with the global time range.
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';
import type { Card, MetricReport, Stats } from '@/lib/performance/service';
import type { Recommendation } from '@/lib/performance/rules';
import type { Heatmap } from '@/lib/metrics/heatmap';
import type { SlowQueryView } from '@/lib/slow-queries';
import { useTimeRange } from './use-time-range';

export function useDashboard() {
  const { apiQuery, refreshMs } = useTimeRange();
  return useSWR<{ cards: Card[]; stats: Stats; slowQueries: SlowQueryView[] }>(
    `/api/performance/dashboard?${apiQuery}`,
    fetcher,
    { refreshInterval: refreshMs, keepPreviousData: true },
  );
}

export function useCategory(metric: 'api' | 'database' | 'cache' | 'memory' | 'cpu') {
  const { apiQuery, refreshMs } = useTimeRange();
  return useSWR<{ reports: MetricReport[] }>(
    `/api/optimization/performance?action=metrics&metric=${metric}&${apiQuery}`,
    fetcher,
    { refreshInterval: refreshMs, keepPreviousData: true },
  );
}

export function useSlowQueries(limit = 50) {
  const { apiQuery, refreshMs } = useTimeRange();
  return useSWR<{ data: SlowQueryView[] }>(
    `/api/optimization/performance?action=slow-queries&limit=${limit}&${apiQuery}`,
    fetcher,
    { refreshInterval: refreshMs, keepPreviousData: true },
  );
}

export function useRecommendations() {
  const { apiQuery } = useTimeRange();
  return useSWR<{ data: Recommendation[] }>(
    `/api/optimization/performance?action=recommendations&${apiQuery}`,
    fetcher,
    { keepPreviousData: true },
  );
}

export function useHeatmap(name: string) {
  const { apiQuery, refreshMs } = useTimeRange();
  return useSWR<Heatmap>(`/api/metrics/heatmap?name=${name}&${apiQuery}`, fetcher, {
    refreshInterval: refreshMs,
    keepPreviousData: true,
  });
}
