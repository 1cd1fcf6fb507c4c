import { z } from 'zod';
import { route } from '@/lib/api/route';
import { listAudit } from '@/lib/audit/service';

const query = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  actor: z.string().max(254).optional(),
  outcome: z.enum(['success', 'denied', 'invalid', 'error']).optional(),
});

// GET /api/audit – the audit log, newest first, paged (admin)
export const GET = route({ role: 'admin', query }, async ({ query: q }) => listAudit(q.page, q.pageSize, q));
