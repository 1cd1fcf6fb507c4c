import { route } from '@/lib/api/route';
import { idParams } from '@/lib/auth/schemas';
import { deleteBudget } from '@/lib/profiling/budgets';

// DELETE /api/profiling/budgets/[id] – removes a budget and its alert rule (operator)
export const DELETE = route(
  { role: 'operator', params: idParams, action: 'profiling.budget.delete' },
  async ({ params }) => {
    await deleteBudget(params.id);
    return { ok: true };
  },
);
