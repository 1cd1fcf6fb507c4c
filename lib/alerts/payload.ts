// Pure: what each channel receives about an alert event.
import { createHmac } from 'node:crypto';

export interface AlertMessage {
  kind: 'firing' | 'resolved' | 'test';
  rule: {
    id: string;
    name: string;
    metric: string;
    severity: string;
    comparator: string;
    threshold: number;
    aggregation: string;
  };
  event: {
    id: number | null;
    value: number | null;
    startedAt: string;
    firedAt: string | null;
    resolvedAt: string | null;
  };
  consoleUrl: string;
}

export function headline(m: AlertMessage): string {
  const value = m.event.value === null ? 'no value' : `${Math.round(m.event.value * 100) / 100}`;
  const verb = m.kind === 'resolved' ? 'RESOLVED' : m.kind === 'test' ? 'TEST' : 'FIRING';
  return `[${verb}] ${m.rule.name}: ${m.rule.aggregation}(${m.rule.metric}) = ${value} (${m.rule.comparator} ${m.rule.threshold}) | ${m.rule.severity}`;
}

/** X-Redline-Signature: sha256=HMAC(secret, "<timestamp>.<body>") — the timestamp stops replays. */
export function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function slackBody(m: AlertMessage): { text: string } {
  return { text: `${headline(m)}\n<${m.consoleUrl}|Open in Redline>` };
}

export function emailContent(m: AlertMessage): { subject: string; text: string } {
  const lines = [
    headline(m),
    '',
    `Rule: ${m.rule.name} (${m.rule.severity})`,
    `Condition: ${m.rule.aggregation}(${m.rule.metric}) ${m.rule.comparator} ${m.rule.threshold}`,
    `Value: ${m.event.value ?? '—'}`,
    `Started: ${m.event.startedAt}`,
    m.event.firedAt ? `Fired: ${m.event.firedAt}` : '',
    m.event.resolvedAt ? `Resolved: ${m.event.resolvedAt}` : '',
    '',
    m.consoleUrl,
  ].filter((l, i, all) => l !== '' || all[i - 1] !== '');
  return { subject: headline(m), text: lines.join('\n') };
}

/** Pure: seconds to wait before attempt `attempts + 1` (5 s, 10 s, 20 s … capped at 10 min). */
export const backoffMs = (attempts: number) => Math.min(600_000, 5_000 * 2 ** Math.max(0, attempts - 1));
export const MAX_ATTEMPTS = 6;
