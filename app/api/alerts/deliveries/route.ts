import { z } from 'zod';
import { route } from '@/lib/api/route';
import { listDeliveries } from '@/lib/alerts/service';

const query = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

// GET /api/alerts/deliveries – the delivery log: every notification attempt and its outcome
export const GET = route({ role: 'viewer', query }, async ({ query: q }) => listDeliveries(q.page, q.pageSize));
