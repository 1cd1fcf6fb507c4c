// Evaluates every enabled rule once: value → state machine → events and deliveries.
import type { Db } from '../db';
import type { AlertMessage } from './payload';
import { deliverDue, enqueue } from './delivery';
import { isSilenced } from './silence';
import { type AlertStatus, type Comparator, step } from './state-machine';
import type { Aggregation } from './schemas';
import { ruleValue } from './value';
import { anomalyValue } from './anomaly-value';
import { traceRuleValue } from './trace-value';

export interface EvalSummary {
  evaluated: number;
  fired: number;
  resolved: number;
  notifications: number;
}

export function messageOf(
  rule: {
    id: string;
    name: string;
    metric: string;
    severity: string;
    comparator: string;
    threshold: number;
    aggregation: string;
  },
  event: { id: number | null; value: number | null; startedAt: Date; firedAt: Date | null; resolvedAt: Date | null },
  kind: AlertMessage['kind'],
  baseUrl: string,
): AlertMessage {
  return {
    kind,
    rule: {
      id: rule.id,
      name: rule.name,
      metric: rule.metric,
      severity: rule.severity,
      comparator: rule.comparator,
      threshold: rule.threshold,
      aggregation: rule.aggregation,
    },
    event: {
      id: event.id,
      value: event.value,
      startedAt: event.startedAt.toISOString(),
      firedAt: event.firedAt?.toISOString() ?? null,
      resolvedAt: event.resolvedAt?.toISOString() ?? null,
    },
    consoleUrl: `${baseUrl}/performance/alerts${event.id ? `?event=${event.id}` : ''}`,
  };
}

export async function evaluateRules(
  db: Db,
  opts: { now?: number; baseUrl: string; enabled: boolean },
): Promise<EvalSummary> {
  const now = opts.now ?? Date.now();
  const summary: EvalSummary = { evaluated: 0, fired: 0, resolved: 0, notifications: 0 };
  if (!opts.enabled) return summary;
  const [rules, silences] = await Promise.all([
    db.alertRule.findMany({ where: { enabled: true }, include: { state: true } }),
    db.alertSilence.findMany(),
  ]);
  for (const rule of rules) {
    summary.evaluated++;
    const filter = JSON.parse(rule.filter) as Record<string, string>;
    const input = {
      metric: rule.metric,
      filter,
      aggregation: rule.aggregation as Aggregation,
      windowMs: rule.windowMs,
    };
    // Anomaly rules compare the deviation (in σ) from the series' own baseline with the threshold;
    // trace rules aggregate the stored spans matching their filter.
    const value =
      rule.kind === 'anomaly'
        ? await anomalyValue(db, input, now)
        : rule.kind === 'trace'
          ? await traceRuleValue(input, now)
          : await ruleValue(db, input, now);
    const prev = rule.state
      ? {
          state: rule.state.state as AlertStatus,
          since: rule.state.since.getTime(),
          lastNotifiedAt: rule.state.lastNotifiedAt?.getTime() ?? null,
        }
      : { state: 'ok' as const, since: now, lastNotifiedAt: null };
    const silenced = isSilenced(silences, rule.id, now);
    const core = {
      comparator: (rule.kind === 'anomaly' ? '>' : rule.comparator) as Comparator,
      threshold: rule.threshold,
      forMs: rule.forMs,
      hysteresis: rule.hysteresis,
      cooldownMs: rule.cooldownMs,
    };
    const { next, transition, notify } = step(core, prev, value, now, silenced);
    let eventId = rule.state?.eventId ?? null;
    const channelIds = JSON.parse(rule.channelIds) as string[];
    if (transition === 'fired') {
      const startedAt = new Date(prev.state === 'pending' ? prev.since : now);
      const event = await db.alertEvent.create({
        data: {
          ruleId: rule.id,
          severity: rule.severity,
          status: 'firing',
          message: `${rule.name}`,
          value,
          peakValue: value,
          threshold: rule.threshold,
          startedAt,
          firedAt: new Date(now),
          silenced: silenced,
        },
      });
      eventId = event.id;
      summary.fired++;
      if (notify)
        summary.notifications += (
          await enqueue(
            db,
            channelIds,
            'firing',
            event.id,
            messageOf(rule, { ...event, firedAt: event.firedAt }, 'firing', opts.baseUrl),
          )
        ).length;
    } else if (transition === 'resolved' && eventId !== null) {
      const event = await db.alertEvent.update({
        where: { id: eventId },
        data: { status: 'resolved', resolvedAt: new Date(now), value },
      });
      summary.resolved++;
      if (notify)
        summary.notifications += (
          await enqueue(db, channelIds, 'resolved', event.id, messageOf(rule, event, 'resolved', opts.baseUrl))
        ).length;
      eventId = null;
    } else if (next.state === 'firing' && eventId !== null && value !== null) {
      const event = await db.alertEvent.findUnique({ where: { id: eventId }, select: { peakValue: true } });
      const higher = rule.comparator.startsWith('<')
        ? Math.min(value, event?.peakValue ?? value)
        : Math.max(value, event?.peakValue ?? value);
      await db.alertEvent.update({ where: { id: eventId }, data: { value, peakValue: higher } });
    }
    await db.alertState.upsert({
      where: { ruleId: rule.id },
      create: {
        ruleId: rule.id,
        state: next.state,
        since: new Date(next.since),
        lastValue: value,
        lastEvalAt: new Date(now),
        lastNotifiedAt: next.lastNotifiedAt ? new Date(next.lastNotifiedAt) : null,
        eventId,
      },
      update: {
        state: next.state,
        since: new Date(next.since),
        lastValue: value,
        lastEvalAt: new Date(now),
        lastNotifiedAt: next.lastNotifiedAt ? new Date(next.lastNotifiedAt) : null,
        eventId,
      },
    });
  }
  // Send right away rather than on the next delivery tick.
  if (summary.notifications) await deliverDue(db);
  return summary;
}
