import { route } from '@/lib/api/route';
import { backtest } from '@/lib/alerts/backtest';
import { ruleBody } from '@/lib/alerts/schemas';
import { db } from '@/lib/db';

// POST /api/alerts/rules/test – when this rule would have fired over the last 24 h (no side effects)
export const POST = route({ role: 'viewer', body: ruleBody, action: 'alerts.rule.backtest' }, async ({ body }) =>
  backtest(db(), body),
);
