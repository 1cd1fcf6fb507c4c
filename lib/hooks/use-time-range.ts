'use client';
// The global time range and auto-refresh, kept in the URL (?range=1h&refresh=30s, or
// ?range=custom&from=…&to=…) so a view can be shared and reloaded.
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { RANGE_OPTIONS, REFRESH_OPTIONS, type RangeOption, type RefreshOption } from '@/lib/time-range';

export interface TimeRangeState {
  range: RangeOption;
  from?: string;
  to?: string;
  refresh: RefreshOption;
  refreshMs: number;
  /** Query string for API calls: range=…[&from=…&to=…] */
  apiQuery: string;
}

export function useTimeRange(): TimeRangeState & {
  update: (patch: Partial<Record<'range' | 'from' | 'to' | 'refresh', string | undefined>>) => void;
} {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const state = useMemo<TimeRangeState>(() => {
    const r = params.get('range');
    const range = (RANGE_OPTIONS as readonly string[]).includes(r ?? '') ? (r as RangeOption) : '1h';
    const f = params.get('refresh');
    const refresh = f && f in REFRESH_OPTIONS ? (f as RefreshOption) : 'off';
    const from = params.get('from') ?? undefined;
    const to = params.get('to') ?? undefined;
    const valid = range !== 'custom' || (from && to);
    const apiQuery = valid
      ? range === 'custom'
        ? `range=custom&from=${from}&to=${to}`
        : `range=${range}`
      : 'range=1h';
    return { range, from, to, refresh, refreshMs: REFRESH_OPTIONS[refresh], apiQuery };
  }, [params]);
  const update = useCallback(
    (patch: Partial<Record<'range' | 'from' | 'to' | 'refresh', string | undefined>>) => {
      const next = new URLSearchParams(params.toString());
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined || v === '') next.delete(k);
        else next.set(k, v);
      }
      if (next.get('range') !== 'custom') {
        next.delete('from');
        next.delete('to');
      }
      router.replace(`${pathname}?${next.toString()}`, { scroll: false });
    },
    [params, pathname, router],
  );
  return { ...state, update };
}
