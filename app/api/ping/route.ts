import { z } from 'zod';
import { route } from '@/lib/api/route';

// GET /api/ping – liveness: answers without touching the database or Redis (public)
export const GET = route({ role: 'public', response: z.object({ ok: z.literal(true) }) }, async () => ({
  ok: true as const,
}));
