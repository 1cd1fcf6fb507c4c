'use client';
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';

export interface TargetView {
  id: string;
  name: string;
  url: string;
  intervalMs: number;
  timeoutMs: number;
  labels: Record<string, string>;
  enabled: boolean;
  lastScrapeAt: string | null;
  lastStatus: string | null;
  lastError: string | null;
  lastDurationMs: number | null;
  lastSamples: number | null;
}

export const useScrapeTargets = () =>
  useSWR<{ data: TargetView[] }>('/api/scrape/targets', fetcher, { refreshInterval: 5_000 });
