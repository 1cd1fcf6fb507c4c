// The delivery queue: rows in AlertDelivery, claimed by an atomic status update so two workers
// never send the same one, retried with exponential back-off, every attempt logged.
import type { Db } from '../db';
import { metrics } from '../metrics';
import { type AlertMessage, backoffMs, MAX_ATTEMPTS } from './payload';
import { channelConfig } from './schemas';
import { send } from './senders';
import { sanitizedReason } from '../net/outbound';

export async function enqueue(
  db: Db,
  channelIds: readonly string[],
  kind: string,
  eventId: number | null,
  message: AlertMessage,
): Promise<number[]> {
  const channels = await db.alertChannel.findMany({
    where: { id: { in: [...channelIds] }, enabled: true },
    select: { id: true },
  });
  const ids: number[] = [];
  for (const c of channels) {
    const row = await db.alertDelivery.create({
      data: {
        channelId: c.id,
        eventId,
        kind,
        payload: JSON.stringify(message),
        status: 'pending',
        nextAttemptAt: new Date(),
      },
    });
    ids.push(row.id);
  }
  return ids;
}

/** Sends what is due; returns how many were sent and failed in this pass. */
export async function deliverDue(
  db: Db,
  now = new Date(),
  limit = 50,
): Promise<{ sent: number; failed: number; retrying: number }> {
  const due = await db.alertDelivery.findMany({
    where: { status: 'pending', nextAttemptAt: { lte: now } },
    orderBy: { id: 'asc' },
    take: limit,
    include: { channel: true },
  });
  const tally = { sent: 0, failed: 0, retrying: 0 };
  await Promise.all(
    due.map(async (d) => {
      const claimed = await db.alertDelivery.updateMany({
        where: { id: d.id, status: 'pending' },
        data: { status: 'sending' },
      });
      if (claimed.count === 0) return; // another worker has it
      const attempts = d.attempts + 1;
      const t0 = performance.now();
      try {
        const config = channelConfig.parse(JSON.parse(d.channel.config));
        const code = await send(config, JSON.parse(d.payload) as AlertMessage);
        await db.alertDelivery.update({
          where: { id: d.id },
          data: { status: 'sent', attempts, sentAt: new Date(), responseCode: code, lastError: null },
        });
        metrics().histogram('alert_delivery_duration_ms', performance.now() - t0, {
          channel: d.channel.type,
          outcome: 'sent',
        });
        tally.sent++;
      } catch (err) {
        const final = attempts >= MAX_ATTEMPTS;
        const status = (err as { status?: number }).status ?? null;
        await db.alertDelivery.update({
          where: { id: d.id },
          data: {
            status: final ? 'failed' : 'pending',
            attempts,
            lastError: sanitizedReason(err),
            responseCode: status,
            nextAttemptAt: new Date(Date.now() + backoffMs(attempts)),
          },
        });
        metrics().histogram('alert_delivery_duration_ms', performance.now() - t0, {
          channel: d.channel.type,
          outcome: final ? 'failed' : 'retry',
        });
        if (final) tally.failed++;
        else tally.retrying++;
      }
    }),
  );
  return tally;
}
