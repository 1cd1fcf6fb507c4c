import { route } from '@/lib/api/route';
import { channelBody } from '@/lib/alerts/schemas';
import { createChannel, listChannels } from '@/lib/alerts/service';

// GET /api/alerts/channels – notification channels, secrets masked
export const GET = route({ role: 'viewer' }, async () => ({ data: await listChannels() }));

// POST /api/alerts/channels – adds a webhook, Slack or email channel (admin); a webhook's signing secret is returned once
export const POST = route(
  { role: 'admin', body: channelBody, action: 'alerts.channel.create', status: 201 },
  async ({ body }) => Response.json(await createChannel(body), { status: 201 }),
);
