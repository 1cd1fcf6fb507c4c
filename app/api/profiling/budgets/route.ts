import { route } from '@/lib/api/route';
import { principalLabel } from '@/lib/auth/principal';
import { budgetBody, createBudget, listBudgets } from '@/lib/profiling/budgets';

// GET /api/profiling/budgets – performance budgets: route p95s (alert rules) and benchmark figures
export const GET = route({ role: 'viewer' }, async () => ({ data: await listBudgets() }));

// POST /api/profiling/budgets {kind:'route'|'benchmark', subject, thresholdMs} – adds a budget (operator)
export const POST = route(
  { role: 'operator', body: budgetBody, action: 'profiling.budget.create', status: 201 },
  async ({ body, principal }) => Response.json(await createBudget(body, principalLabel(principal)), { status: 201 }),
);
