import { route } from '@/lib/api/route';
import { db } from '@/lib/db';
import { backtestBody } from '@/lib/compat/performance-scaling';
import { runBacktest } from '@/lib/scaling/history';
import { scalingConfigSchema } from '@/lib/scaling/policy';
import { loadScalingConfig } from '@/lib/scaling/store';
import { RANGE_PRESETS } from '@/lib/time-range';

// POST /api/performance/scaling/backtest {config?, range, sloCpuPct} – replay a recorded range through a configuration (the stored one with the given changes): instances, saturated minutes, cost
export const POST = route({ role: 'operator', body: backtestBody, audit: false }, async ({ body }) => {
  const config = scalingConfigSchema.parse({ ...(await loadScalingConfig(db())), ...body.config });
  const now = Date.now();
  return runBacktest(db(), config, now - RANGE_PRESETS[body.range], now, body.sloCpuPct);
});
