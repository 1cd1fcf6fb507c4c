'use client';
// One SWR hook per profiling endpoint.
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';
import type { bottlenecks } from '@/lib/profiling/bottlenecks';
import type { checkBudgets, listBudgets } from '@/lib/profiling/budgets';
import type { FunctionDiffRow } from '@/lib/profiling/flame';
import type { LeakReport } from '@/lib/profiling/leaks';
import type { memorySummary } from '@/lib/profiling/memory';
import type { Profile } from '@/lib/profiling/model';
import type { listProfiles } from '@/lib/profiling/store';
import type { TargetView } from '@/lib/profiling/targets';
import { useTimeRange } from './use-time-range';

export type ProfileListItem = Awaited<ReturnType<typeof listProfiles>>['data'][number];
export type ProfileItem = ProfileListItem & { progress: { elapsedMs: number; durationMs: number } | null };
export interface ProfileData {
  name: string;
  profile: Profile;
  labels: { label: string; value: number }[];
  top: { name: string; file: string; line: number; selfPct: number }[];
}

export const useProfilingTargets = () =>
  useSWR<{ data: TargetView[] }>('/api/profiling/targets', fetcher, { refreshInterval: 5_000 });

/** Profiles, every second while one is being captured. */
export const useProfiles = (kind?: 'cpu' | 'alloc' | 'heap-snapshot') =>
  useSWR<Awaited<ReturnType<typeof listProfiles>>>(
    `/api/profiling/profiles?pageSize=100${kind ? `&kind=${kind}` : ''}`,
    fetcher,
    {
      refreshInterval: (d) => (d?.data.some((p) => p.status === 'running') ? 1_000 : 15_000),
    },
  );

export const useProfile = (id: string | null) =>
  useSWR<ProfileItem>(id ? `/api/profiling/profiles/${id}` : null, fetcher, {
    refreshInterval: (d) => (d?.status === 'running' ? 500 : 0),
  });

export const useProfileData = (source: string | null, label?: string) =>
  useSWR<ProfileData>(
    source
      ? `/api/profiling/data?source=${encodeURIComponent(source)}${label ? `&label=${encodeURIComponent(label)}` : ''}`
      : null,
    fetcher,
  );

export const useProfileDiff = (before: string | null, after: string | null) =>
  useSWR<{
    before: { profile: Profile; name: string };
    after: { profile: Profile; name: string };
    functions: FunctionDiffRow[];
  }>(
    before && after
      ? `/api/profiling/diff?before=${encodeURIComponent(before)}&after=${encodeURIComponent(after)}`
      : null,
    fetcher,
  );

export function useBottlenecks() {
  const { apiQuery, refreshMs } = useTimeRange();
  return useSWR<Awaited<ReturnType<typeof bottlenecks>>>(`/api/profiling/bottlenecks?${apiQuery}`, fetcher, {
    refreshInterval: refreshMs || 60_000,
  });
}

export function useContinuousMinutes() {
  const { apiQuery } = useTimeRange();
  return useSWR<{
    fromMs: number;
    toMs: number;
    recording: { intervalUs: number; since: number } | null;
    data: { target: string; minute: number; samples: number; cpuMs: number }[];
  }>(`/api/profiling/continuous?${apiQuery}`, fetcher, { refreshInterval: 60_000 });
}

export const useBudgets = () =>
  useSWR<{ data: Awaited<ReturnType<typeof listBudgets>> }>('/api/profiling/budgets', fetcher);
export const useBudgetCheck = () =>
  useSWR<Awaited<ReturnType<typeof checkBudgets>>>('/api/profiling/budgets/check', fetcher, {
    refreshInterval: 60_000,
  });

export type { LeakReport };

/** A built frame's TypeScript position, when the build has a source map for it. */
export const useSourcePosition = (file: string | undefined, line: number, col: number) =>
  useSWR<{ position: { source: string; line: number; column: number; name: string | null } | null }>(
    file && line > 0
      ? `/api/profiling/source?file=${encodeURIComponent(file)}&line=${line}&col=${Math.max(1, col)}`
      : null,
    fetcher,
  );

export function useMemorySummary() {
  const { apiQuery, refreshMs } = useTimeRange();
  return useSWR<Awaited<ReturnType<typeof memorySummary>>>(`/api/profiling/memory?${apiQuery}`, fetcher, {
    refreshInterval: refreshMs || 60_000,
  });
}
