'use client';
import useSWR from 'swr';
import type { RunView } from '@/lib/bench/runs';
import { fetcher } from '@/lib/client/fetcher';

type Runs = { runs: RunView[]; missing: { program: string; pkg: string }[] };

/** Benchmark runs: every second while one is going, else every 30 s. */
export const useBenchmarks = (name = 'proxy') =>
  useSWR<Runs>(`/api/benchmarks?name=${name}`, fetcher, {
    refreshInterval: (d) => (d?.runs.some((r) => r.status === 'running' || r.status === 'cancelling') ? 1_000 : 30_000),
  });
