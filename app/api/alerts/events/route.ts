import { z } from 'zod';
import { route } from '@/lib/api/route';
import { listEvents } from '@/lib/alerts/service';

const query = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  status: z.enum(['firing', 'resolved']).optional(),
});

// GET /api/alerts/events – alert history, newest first
export const GET = route({ role: 'viewer', query }, async ({ query: q }) => listEvents(q.page, q.pageSize, q.status));
