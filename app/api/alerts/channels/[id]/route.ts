import { route } from '@/lib/api/route';
import { idParams } from '@/lib/auth/schemas';
import { channelBody } from '@/lib/alerts/schemas';
import { deleteChannel, updateChannel } from '@/lib/alerts/service';

// PUT /api/alerts/channels/[id] – replaces a channel; a masked secret keeps the stored one (admin)
export const PUT = route(
  { role: 'admin', params: idParams, body: channelBody, action: 'alerts.channel.update' },
  async ({ params, body }) => updateChannel(params.id, body),
);

// DELETE /api/alerts/channels/[id] – deletes a channel (admin)
export const DELETE = route(
  { role: 'admin', params: idParams, action: 'alerts.channel.delete' },
  async ({ params }) => {
    await deleteChannel(params.id);
    return { ok: true };
  },
);
