import { route } from '@/lib/api/route';
import { db } from '@/lib/db';
import { backtestBody } from '@/lib/fleet/api-schemas';
import { runBacktest } from '@/lib/scaling/history';
import { scalingConfigSchema } from '@/lib/scaling/policy';
import { loadScalingConfig } from '@/lib/scaling/store';

const RANGE_MS = { '1h': 3_600_000, '6h': 21_600_000, '24h': 86_400_000, '7d': 604_800_000 } as const;

// POST /api/performance/scaling/backtest {config?, range, sloCpuPct} – replay a recorded range through a configuration (the stored one with the given changes): instances, saturated minutes, cost
export const POST = route({ role: 'operator', body: backtestBody, audit: false }, async ({ body }) => {
  const config = scalingConfigSchema.parse({ ...(await loadScalingConfig(db())), ...body.config });
  const now = Date.now();
  return runBacktest(db(), config, now - RANGE_MS[body.range], now, body.sloCpuPct);
});
