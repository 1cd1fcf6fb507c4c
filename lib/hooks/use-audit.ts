'use client';
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';
import type { AuditRow, Paged } from '@/lib/client/types';

export function useAudit(page: number, pageSize: number, outcome?: string) {
  const q = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
  if (outcome) q.set('outcome', outcome);
  return useSWR<Paged<AuditRow>>(`/api/audit?${q}`, fetcher, { keepPreviousData: true });
}
