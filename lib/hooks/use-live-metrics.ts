'use client';
// Live mode: an EventSource on /api/performance/metrics/realtime, keeping the last few minutes
// of per-flush summaries per metric name.
import { useEffect, useState } from 'react';
import type { LiveMessage } from '@/lib/metrics/live';

export interface LivePoint {
  t: number;
  count: number;
  mean: number;
  max: number;
  p95?: number;
}

const KEEP_MS = 5 * 60_000;

export function useLiveMetrics(names: readonly string[], enabled: boolean) {
  const [points, setPoints] = useState<Record<string, LivePoint[]>>({});
  const [connected, setConnected] = useState(false);
  const key = names.join(',');
  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource(`/api/performance/metrics/realtime?names=${key}`);
    source.addEventListener('hello', () => setConnected(true));
    source.onerror = () => setConnected(false);
    source.addEventListener('metrics', (e) => {
      const msg = JSON.parse((e as MessageEvent<string>).data) as LiveMessage;
      setPoints((prev) => {
        const next = { ...prev };
        const byName = new Map<string, LivePoint>();
        for (const s of msg.series) {
          const p = byName.get(s.name) ?? { t: msg.t, count: 0, mean: 0, max: Number.NEGATIVE_INFINITY };
          p.mean = (p.mean * p.count + s.sum) / (p.count + s.count);
          p.count += s.count;
          p.max = Math.max(p.max, s.max);
          if (s.p95 !== undefined) p.p95 = Math.max(p.p95 ?? 0, s.p95);
          byName.set(s.name, p);
        }
        for (const [name, p] of byName) next[name] = [...(next[name] ?? []).filter((q) => q.t > msg.t - KEEP_MS), p];
        return next;
      });
    });
    return () => {
      source.close();
      setConnected(false);
    };
  }, [key, enabled]);
  return { points, connected };
}
