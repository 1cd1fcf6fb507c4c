// Shapes of API responses as the browser receives them (dates as ISO strings).
import type { Role } from '@/lib/auth/roles';
import type { SettingView } from '@/lib/settings/service';

export type { SeriesResult } from '@/lib/metrics/query';
export type { Series, SeriesPoint } from '@/lib/metrics/series';
export type { Role, SettingView };

export interface SessionInfo {
  user: { id: string; email: string; name: string; role: Role } | null;
  csrfToken: string | null;
  setupRequired: boolean;
}
export interface HealthCheck {
  status: 'ok' | 'degraded' | 'down';
  latencyMs?: number;
  detail?: string;
}
export interface Health {
  status: 'ok' | 'degraded' | 'down';
  checks: {
    database: HealthCheck & { provider: string };
    redis: HealthCheck & { mode: string; since?: string };
    disk: HealthCheck & { freeBytes?: number; totalBytes?: number };
  };
  uptimeSeconds: number;
  time: string;
}
export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
  lastLoginAt: string | null;
  disabledAt: string | null;
}
export interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  createdBy: { email: string };
}
export interface AuditRow {
  id: number;
  at: string;
  actorType: string;
  actorLabel: string;
  action: string;
  method: string;
  path: string;
  sourceIp: string | null;
  params: unknown;
  outcome: 'success' | 'denied' | 'invalid' | 'error';
  status: number;
}
export interface Paged<T> {
  data: T[];
  count: number;
  page: number;
  pageSize: number;
}
export interface JobRunRow {
  id: number;
  job: string;
  instanceId: string;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  status: string;
  error: string | null;
  details: unknown;
}
export interface JobsInfo {
  instanceId: string;
  leader: boolean;
  jobs: {
    name: string;
    description: string;
    cron: string;
    leaderOnly: boolean;
    nextRun: string | null;
    /** the latest run, quiet jobs' too (they keep no row per run) */
    lastRun: { status: 'success' | 'error'; startedAt: string; durationMs: number; error?: string } | null;
    runs: JobRunRow[];
  }[];
}
