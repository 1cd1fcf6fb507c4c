'use client';
import useSWR from 'swr';
import { fetcher } from '@/lib/client/fetcher';

export interface AlertRuleView {
  id: string;
  name: string;
  kind: string;
  metric: string;
  filter: Record<string, string>;
  aggregation: string;
  windowMs: number;
  comparator: string;
  threshold: number;
  forMs: number;
  hysteresis: number;
  severity: string;
  cooldownMs: number;
  channelIds: string[];
  enabled: boolean;
  state: { state: string; since: string; lastValue: number | null; lastEvalAt: string | null } | null;
}
export interface AlertEventView {
  id: number;
  ruleId: string;
  severity: string;
  status: string;
  message: string;
  value: number | null;
  peakValue: number | null;
  threshold: number | null;
  startedAt: string;
  firedAt: string;
  resolvedAt: string | null;
  silenced: boolean;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  rule: { name: string; metric: string };
}
export interface SilenceView {
  id: string;
  ruleId: string | null;
  comment: string;
  startsAt: string | null;
  endsAt: string | null;
  cron: string | null;
  durationMs: number | null;
  createdBy: string;
  active: boolean;
}
export interface ChannelView {
  id: string;
  name: string;
  type: 'webhook' | 'slack' | 'email';
  enabled: boolean;
  config: Record<string, unknown>;
}
export interface DeliveryView {
  id: number;
  kind: string;
  status: string;
  attempts: number;
  lastError: string | null;
  responseCode: number | null;
  createdAt: string;
  sentAt: string | null;
  channel: { name: string; type: string };
}

export const useAlertsOverview = (refreshMs = 10_000) =>
  useSWR<{
    rules: number;
    active: {
      ruleId: string;
      state: string;
      since: string;
      lastValue: number | null;
      rule: { name: string; severity: string };
      event: AlertEventView | null;
    }[];
    events: AlertEventView[];
    silences: SilenceView[];
  }>('/api/performance/alerts', fetcher, { refreshInterval: refreshMs });
export const useAlertRules = () => useSWR<{ data: AlertRuleView[] }>('/api/alerts/rules', fetcher);
export const useAlertChannels = () => useSWR<{ data: ChannelView[] }>('/api/alerts/channels', fetcher);
export const useDeliveries = () =>
  useSWR<{ data: DeliveryView[]; count: number }>('/api/alerts/deliveries?pageSize=25', fetcher, {
    refreshInterval: 10_000,
  });
