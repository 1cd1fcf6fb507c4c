'use client';
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';
import type { InstanceView } from '@/lib/fleet/views';
import type { Decision, Sample } from '@/lib/scaling/decide';
import type { DecisionRecord } from '@/lib/scaling/engine';
import type { ScalingConfig } from '@/lib/scaling/policy';
import { useTimeRange } from './use-time-range';

export interface ScalingState {
  running: boolean;
  current: number;
  desired: number;
  min: number;
  max: number;
  instances: InstanceView[];
  readings: Record<string, Sample>;
  lastEvaluation: Decision | null;
  config: ScalingConfig;
  decisions: DecisionRecord[];
}

const RANGES = ['15m', '1h', '6h', '24h', '7d'] as const;

/** Capacity, readings, configuration and the decisions of the selected range (7 days at most), every 5 s. */
export function useScaling() {
  const { range } = useTimeRange();
  const r = (RANGES as readonly string[]).includes(range) ? range : '7d';
  return useSWR<ScalingState>(`/api/performance/scaling?range=${r}`, fetcher, { refreshInterval: 5_000 });
}
