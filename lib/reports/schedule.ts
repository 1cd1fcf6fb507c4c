// Scheduled performance reports: when one is due, the PDF of its range goes to its channels
// (email: attached; webhook and Slack: a link to the same report), each send in the delivery log.
import { Cron } from 'croner';
import { z } from 'zod';
import { channelConfig } from '../alerts/schemas';
import { sign } from '../alerts/payload';
import { postJson, smtpTransport } from '../alerts/senders';
import { db } from '../db';
import { sanitizedReason } from '../net/outbound';

export const CADENCES = {
  daily: { cron: '0 7 * * *', rangeMs: 86_400_000 },
  weekly: { cron: '0 7 * * 1', rangeMs: 7 * 86_400_000 },
} as const;
export const scheduleBody = z.strictObject({
  name: z.string().trim().min(1).max(120),
  cadence: z.enum(['daily', 'weekly']),
  channelIds: z.array(z.string().min(1).max(64)).min(1).max(20),
  enabled: z.boolean().default(true),
});

/** Pure: due when a scheduled time has passed since the last send (or since creation). */
export function isDue(cadence: keyof typeof CADENCES, lastSentAt: Date | null, createdAt: Date, now: number): boolean {
  const next = new Cron(CADENCES[cadence].cron, { paused: true }).nextRun(lastSentAt ?? createdAt);
  return next !== null && next.getTime() <= now;
}

async function deliver(
  channel: { id: string; type: string; config: string },
  title: string,
  pdf: Buffer,
  link: string,
): Promise<number | null> {
  const config = channelConfig.parse(JSON.parse(channel.config));
  if (config.type === 'email') {
    const t = await smtpTransport(config);
    await t.sendMail({
      from: config.from,
      to: config.to,
      subject: title,
      text: `${title}\n\nThe report is attached. Live view: ${link}`,
      attachments: [{ filename: 'redline-report.pdf', content: pdf, contentType: 'application/pdf' }],
    });
    t.close();
    return null;
  }
  const body = JSON.stringify(
    config.type === 'slack' ? { text: `${title}: <${link}|open the report>` } : { kind: 'report', title, url: link },
  );
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = { 'x-redline-timestamp': timestamp };
  if (config.type === 'webhook' && config.secret) headers['x-redline-signature'] = sign(config.secret, timestamp, body);
  return postJson(config.url, body, headers);
}

export async function sendReport(
  scheduleId: string,
  baseUrl: string,
  now = Date.now(),
): Promise<{ sent: number; failed: number }> {
  const s = await db().reportSchedule.findUniqueOrThrow({ where: { id: scheduleId } });
  const range = CADENCES[s.cadence as keyof typeof CADENCES].rangeMs;
  const title = `Redline ${s.cadence} performance report: ${s.name}`;
  // pdfkit is loaded when a report is made, not at start.
  const { performanceReportPdf } = await import('./performance-report');
  const pdf = await performanceReportPdf(now - range, now, title);
  const link = `${baseUrl}/api/performance/reports?range=custom&from=${now - range}&to=${now}`;
  const channels = await db().alertChannel.findMany({
    where: { id: { in: JSON.parse(s.channelIds) as string[] }, enabled: true },
  });
  let sent = 0;
  let failed = 0;
  for (const c of channels) {
    const payload = JSON.stringify({ kind: 'report', title, url: link });
    try {
      const code = await deliver(c, title, pdf, link);
      await db().alertDelivery.create({
        data: {
          channelId: c.id,
          kind: 'report',
          payload,
          status: 'sent',
          attempts: 1,
          responseCode: code,
          nextAttemptAt: new Date(now),
          sentAt: new Date(),
        },
      });
      sent++;
    } catch (err) {
      // Not retried: the next scheduled report supersedes this one; the log shows the failure.
      await db().alertDelivery.create({
        data: {
          channelId: c.id,
          kind: 'report',
          payload,
          status: 'failed',
          attempts: 1,
          lastError: sanitizedReason(err),
          nextAttemptAt: new Date(now),
        },
      });
      failed++;
    }
  }
  await db().reportSchedule.update({ where: { id: s.id }, data: { lastSentAt: new Date(now) } });
  return { sent, failed };
}

export async function sendDueReports(baseUrl: string, now = Date.now()): Promise<{ reports: number }> {
  const schedules = await db().reportSchedule.findMany({ where: { enabled: true } });
  const due = schedules.filter((s) => isDue(s.cadence as keyof typeof CADENCES, s.lastSentAt, s.createdAt, now));
  for (const s of due) await sendReport(s.id, baseUrl, now);
  return { reports: due.length };
}

export async function listSchedules() {
  return (await db().reportSchedule.findMany({ orderBy: { name: 'asc' } })).map((s) => ({
    ...s,
    channelIds: JSON.parse(s.channelIds) as string[],
  }));
}

export async function createSchedule(body: z.infer<typeof scheduleBody>) {
  const row = await db().reportSchedule.create({ data: { ...body, channelIds: JSON.stringify(body.channelIds) } });
  return { ...row, channelIds: body.channelIds };
}

export async function deleteSchedule(id: string): Promise<void> {
  await db().reportSchedule.delete({ where: { id } });
}
