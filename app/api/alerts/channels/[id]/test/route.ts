import { route } from '@/lib/api/route';
import { ApiError } from '@/lib/api/errors';
import { idParams } from '@/lib/auth/schemas';
import { deliverDue, enqueue } from '@/lib/alerts/delivery';
import { messageOf } from '@/lib/alerts/engine';
import { publicUrl } from '@/lib/config';
import { db } from '@/lib/db';

// POST /api/alerts/channels/[id]/test – sends a test notification now and reports how it went (operator)
export const POST = route({ role: 'operator', params: idParams, action: 'alerts.channel.test' }, async ({ params }) => {
  const channel = await db().alertChannel.findUnique({ where: { id: params.id } });
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
  const message = messageOf(
    rule,
    { id: null, value: 1, startedAt: new Date(), firedAt: new Date(), resolvedAt: null },
    'test',
    publicUrl(),
  );
  const [id] = await enqueue(db(), [channel.id], 'test', null, message);
  if (id === undefined) throw new ApiError('conflict', 'The channel is disabled');
  await deliverDue(db());
  return db().alertDelivery.findUniqueOrThrow({
    where: { id },
    select: { id: true, status: true, attempts: true, responseCode: true, lastError: true, sentAt: true },
  });
});
