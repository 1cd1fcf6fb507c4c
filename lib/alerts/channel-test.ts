// "Send test": one notification to a channel now, delivered through the same queue as real alerts.
import { ApiError } from '../api/errors';
import { publicUrl } from '../config';
import { db } from '../db';
import { deliverDue, enqueue } from './delivery';
import { messageOf } from './engine';

export async function testChannel(id: string) {
  const channel = await db().alertChannel.findUnique({ where: { id } });
  if (!channel) throw new ApiError('not_found', 'No such channel');
  const rule = {
    id: 'test',
    name: `Test of ${channel.name}`,
    metric: 'test',
    severity: 'info',
    comparator: '>',
    threshold: 0,
    aggregation: 'avg',
  };
  const now = new Date();
  const message = messageOf(
    rule,
    { id: null, value: 1, startedAt: now, firedAt: now, resolvedAt: null },
    'test',
    publicUrl(),
  );
  const [deliveryId] = await enqueue(db(), [channel.id], 'test', null, message);
  if (deliveryId === undefined) throw new ApiError('conflict', 'The channel is disabled');
  await deliverDue(db());
  return db().alertDelivery.findUniqueOrThrow({
    where: { id: deliveryId },
    select: { id: true, status: true, attempts: true, responseCode: true, lastError: true, sentAt: true },
  });
}
