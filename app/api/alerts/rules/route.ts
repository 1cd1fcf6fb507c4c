import { route } from '@/lib/api/route';
import { ruleBody } from '@/lib/alerts/schemas';
import { createRule, listRules } from '@/lib/alerts/service';

// GET /api/alerts/rules – alert rules with their current state
export const GET = route({ role: 'viewer' }, async () => ({ data: await listRules() }));

// POST /api/alerts/rules – creates a rule (operator)
export const POST = route(
  { role: 'operator', body: ruleBody, action: 'alerts.rule.create', status: 201 },
  async ({ body }) => Response.json(await createRule(body), { status: 201 }),
);
