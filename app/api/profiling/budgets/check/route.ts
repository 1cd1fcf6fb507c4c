import { z } from 'zod';
import { route } from '@/lib/api/route';
import { checkBudgets } from '@/lib/profiling/budgets';

const query = z.strictObject({ windowMinutes: z.coerce.number().int().min(1).max(1_440).default(15) });

// GET /api/profiling/budgets/check?windowMinutes= – every budget and benchmark regression with a verdict (the CI entry point: `npm run budgets`)
export const GET = route({ role: 'viewer', query }, async ({ query: q }) => checkBudgets(q.windowMinutes * 60_000));
