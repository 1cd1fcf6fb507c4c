import { route } from '@/lib/api/route';
import { idParams } from '@/lib/auth/schemas';
import { ruleBody } from '@/lib/alerts/schemas';
import { deleteRule, updateRule } from '@/lib/alerts/service';

// PUT /api/alerts/rules/[id] – replaces a rule (operator)
export const PUT = route(
  { role: 'operator', params: idParams, body: ruleBody, action: 'alerts.rule.update' },
  async ({ params, body }) => updateRule(params.id, body),
);

// DELETE /api/alerts/rules/[id] – deletes a rule and its history (operator)
export const DELETE = route(
  { role: 'operator', params: idParams, action: 'alerts.rule.delete' },
  async ({ params }) => {
    await deleteRule(params.id);
    return { ok: true };
  },
);
