'use client';
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';

export interface ReportScheduleView {
  id: string;
  name: string;
  cadence: 'daily' | 'weekly';
  channelIds: string[];
  enabled: boolean;
  lastSentAt: string | null;
}

export const useReportSchedules = () => useSWR<{ data: ReportScheduleView[] }>('/api/reports/schedules', fetcher);
