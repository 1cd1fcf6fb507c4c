// Pure: backend health. Active checks move a backend up after `rise` passing probes in a row and
// down after `fall` failing ones; passive checks eject a backend after consecutive connection
// failures on real traffic, for a back-off that doubles with each ejection (reset once it serves).
import { z } from 'zod';

export const healthCheckSchema = z.strictObject({
  path: z.string().startsWith('/', 'path starts with /').max(512).default('/health'),
  intervalMs: z.number().int().min(100, 'intervalMs is at least 100').max(3_600_000).default(2_000),
  timeoutMs: z.number().int().min(10).max(60_000).default(1_000),
  expectedStatus: z.number().int().min(100).max(599).default(200),
  rise: z.number().int().min(1).max(100).default(2),
  fall: z.number().int().min(1).max(100).default(2),
});
export type HealthCheckConfig = z.infer<typeof healthCheckSchema>;

export type HealthStatus = 'unknown' | 'up' | 'down';

export interface HealthState {
  status: HealthStatus;
  okStreak: number;
  failStreak: number;
  since: number;
  lastError?: string;
  lastLatencyMs?: number;
}

export const initialHealth = (now: number): HealthState => ({
  status: 'unknown',
  okStreak: 0,
  failStreak: 0,
  since: now,
});

/** One active probe's outcome. A backend never probed successfully counts as up after its first pass. */
export function observeProbe(
  s: HealthState,
  ok: boolean,
  cfg: Pick<HealthCheckConfig, 'rise' | 'fall'>,
  now: number,
  detail: { error?: string; latencyMs?: number } = {},
): HealthState {
  const okStreak = ok ? s.okStreak + 1 : 0;
  const failStreak = ok ? 0 : s.failStreak + 1;
  let status = s.status;
  if (ok && (status === 'unknown' || (status === 'down' && okStreak >= cfg.rise))) status = 'up';
  if (!ok && (status === 'unknown' || (status === 'up' && failStreak >= cfg.fall))) status = 'down';
  return {
    status,
    okStreak,
    failStreak,
    since: status === s.status ? s.since : now,
    lastError: ok ? undefined : detail.error,
    lastLatencyMs: detail.latencyMs ?? s.lastLatencyMs,
  };
}

export interface PassiveConfig {
  /** consecutive connection failures that eject */
  maxFailures: number;
  baseEjectMs: number;
  maxEjectMs: number;
}
export const DEFAULT_PASSIVE: PassiveConfig = { maxFailures: 3, baseEjectMs: 5_000, maxEjectMs: 300_000 };

export interface PassiveState {
  failures: number;
  ejections: number;
  ejectedUntil: number;
}
export const initialPassive = (): PassiveState => ({ failures: 0, ejections: 0, ejectedUntil: 0 });

export function observeTraffic(s: PassiveState, ok: boolean, cfg: PassiveConfig, now: number): PassiveState {
  if (ok && s.failures === 0 && s.ejectedUntil === 0) return s; // the usual case, kept allocation-free (hot path)
  if (ok)
    return {
      failures: 0,
      ejections: s.ejectedUntil > 0 && now >= s.ejectedUntil ? 0 : s.ejections,
      ejectedUntil: s.ejectedUntil > now ? s.ejectedUntil : 0,
    };
  const failures = s.failures + 1;
  if (failures < cfg.maxFailures) return { ...s, failures };
  const ms = Math.min(cfg.maxEjectMs, cfg.baseEjectMs * 2 ** s.ejections);
  return { failures: 0, ejections: s.ejections + 1, ejectedUntil: now + ms };
}

export const isEjected = (s: PassiveState, now: number): boolean => s.ejectedUntil > now;
