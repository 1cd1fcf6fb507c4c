import { route } from '@/lib/api/route';
import { idParams } from '@/lib/auth/schemas';
import { testChannel } from '@/lib/alerts/channel-test';

// POST /api/alerts/channels/[id]/test – sends a test notification now and reports how it went (operator)
export const POST = route({ role: 'operator', params: idParams, action: 'alerts.channel.test' }, async ({ params }) =>
  testChannel(params.id),
);
