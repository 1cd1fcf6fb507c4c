import { route } from '@/lib/api/route';
import { figureBody, recordFigures } from '@/lib/profiling/budgets';

// POST /api/profiling/figures {figures:[{key,value,runId,gitRef}]} – records benchmark figures for regression history (operator token, from CI)
export const POST = route(
  { role: 'operator', body: figureBody, action: 'profiling.figures', status: 201 },
  async ({ body }) => Response.json(await recordFigures(body.figures), { status: 201 }),
);
