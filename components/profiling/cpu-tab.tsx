'use client';
// Profiling → CPU: record, list and import profiles, the continuous profile, and the viewer with
// its overlaid diff. What is shown and what it is compared with are in the URL (shareable).
import Stack from '@mui/material/Stack';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';
import { ContinuousCard } from './continuous-card';
import { ProfileViewer } from './profile-viewer';
import { ProfilesTable } from './profiles-table';
import { RecordCard } from './record-card';

export function useViewParams() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const set = useCallback(
    (patch: Record<string, string | null>) => {
      const next = new URLSearchParams(params.toString());
      for (const [k, v] of Object.entries(patch)) {
        if (v === null) next.delete(k);
        else next.set(k, v);
      }
      router.replace(`${pathname}?${next}`, { scroll: false });
    },
    [params, pathname, router],
  );
  return { view: params.get('view'), base: params.get('base'), set };
}

export function CpuTab() {
  const { view, base, set } = useViewParams();
  const show = (source: string) => set({ view: source });
  const compare = (source: string) => set({ base: source });
  return (
    <Stack spacing={2}>
      <RecordCard kind="cpu" onDone={(id) => show(`profile:${id}`)} />
      {view && <ProfileViewer source={view} baseline={base} onClearBaseline={() => set({ base: null })} />}
      <ProfilesTable kind="cpu" onView={show} onCompare={compare} />
      <ContinuousCard onView={show} onCompare={compare} />
    </Stack>
  );
}
