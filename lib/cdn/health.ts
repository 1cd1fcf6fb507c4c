// Multi-CDN health: probe each configured target (CDN_HEALTH_TARGETS, in failover order) every
// CDN_HEALTH_CHECK_INTERVAL, keep every outcome, and name the active target — the first in order
// whose last probe succeeded. The targets are the operator's own configuration, not user input.
import { config } from '../config';
import { parseHealthTargets } from '../config/parse';
import { db } from '../db';
import { metrics } from '../metrics';
import { once, slot } from '../process/registry';
import { outboundRequest, sanitizedReason } from '../net/outbound';
import { redactUrl } from '../net/redact';

/** when each CDN health target was last probed */
export const PROBED_AT = slot<Map<string, number>>('cdnProbedAt');

export interface TargetStatus {
  name: string;
  url: string;
  order: number;
  state: 'up' | 'down' | 'unknown';
  lastCheckedAt: string | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  /** share of successful probes over the last 24 h; null without probes */
  uptime24h: number | null;
  checks24h: number;
  history: { at: string; ok: boolean; latencyMs: number | null; status: number | null; error: string | null }[];
}

/** Pure: the target traffic should go to — the first in failover order that is up. */
export function activeTarget(targets: readonly Pick<TargetStatus, 'name' | 'state'>[]): string | null {
  return targets.find((t) => t.state === 'up')?.name ?? null;
}

export function healthTargets(): { name: string; url: string }[] {
  return parseHealthTargets(config().CDN_HEALTH_TARGETS) ?? [];
}

async function probe(target: { name: string; url: string }, timeoutMs: number) {
  const started = performance.now();
  try {
    const res = await outboundRequest('cdnHealth', target.url, {
      headers: { 'user-agent': 'Redline-HealthCheck' },
      maxRedirects: 0,
      maxBytes: 1_048_576,
      timeoutMs,
    });
    const latencyMs = performance.now() - started;
    const ok = res.status >= 200 && res.status < 400;
    return { ok, status: res.status, latencyMs, error: ok ? null : `HTTP ${res.status}` };
  } catch (err) {
    const e = err as Error;
    return {
      ok: false,
      status: null,
      latencyMs: null,
      error: /did not answer within/.test(e.message) ? `no answer within ${timeoutMs} ms` : sanitizedReason(e),
    };
  }
}

/** Probes the targets whose interval has passed (the scheduler calls this every few seconds). */
export async function checkDue(now = Date.now()): Promise<{ probed: number; down: number }> {
  const env = config();
  if (!env.CDN_HEALTH_CHECK_ENABLED) return { probed: 0, down: 0 };
  const probedAt = once(PROBED_AT, () => new Map<string, number>());
  const due = healthTargets().filter((t) => now - (probedAt.get(t.name) ?? 0) >= env.CDN_HEALTH_CHECK_INTERVAL);
  const results = await Promise.all(
    due.map(async (t) => {
      probedAt.set(t.name, now);
      const r = await probe(t, env.CDN_HEALTH_CHECK_TIMEOUT);
      await db().cdnHealthCheck.create({
        data: { target: t.name, url: t.url, ok: r.ok, status: r.status, latencyMs: r.latencyMs, error: r.error },
      });
      metrics().gauge('cdn_health_up', r.ok ? 1 : 0, { target: t.name });
      if (r.latencyMs !== null) metrics().histogram('cdn_health_latency_ms', r.latencyMs, { target: t.name });
      return r;
    }),
  );
  return { probed: results.length, down: results.filter((r) => !r.ok).length };
}

export async function healthStatus(
  now = Date.now(),
  historyLength = 30,
): Promise<{ targets: TargetStatus[]; active: string | null; intervalMs: number; enabled: boolean }> {
  const env = config();
  const since = new Date(now - 86_400_000);
  const targets = await Promise.all(
    healthTargets().map(async (t, order): Promise<TargetStatus> => {
      const [recent, total, up] = await Promise.all([
        db().cdnHealthCheck.findMany({
          where: { target: t.name },
          orderBy: { checkedAt: 'desc' },
          take: historyLength,
        }),
        db().cdnHealthCheck.count({ where: { target: t.name, checkedAt: { gte: since } } }),
        db().cdnHealthCheck.count({ where: { target: t.name, checkedAt: { gte: since }, ok: true } }),
      ]);
      const last = recent[0];
      return {
        name: t.name,
        url: redactUrl(t.url, 'endpoint'),
        order,
        state: last ? (last.ok ? 'up' : 'down') : 'unknown',
        lastCheckedAt: last?.checkedAt.toISOString() ?? null,
        lastLatencyMs: last?.latencyMs ?? null,
        lastError: last?.error ?? null,
        uptime24h: total ? up / total : null,
        checks24h: total,
        history: recent.map((r) => ({
          at: r.checkedAt.toISOString(),
          ok: r.ok,
          latencyMs: r.latencyMs,
          status: r.status,
          error: r.error,
        })),
      };
    }),
  );
  return {
    targets,
    active: activeTarget(targets),
    intervalMs: env.CDN_HEALTH_CHECK_INTERVAL,
    enabled: env.CDN_HEALTH_CHECK_ENABLED,
  };
}
