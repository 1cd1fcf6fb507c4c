import { route } from '@/lib/api/route';
import { principalLabel } from '@/lib/auth/principal';
import { db } from '@/lib/db';
import { scalingGetQuery } from '@/lib/compat/performance-scaling';
import { fleetState } from '@/lib/fleet/commands';
import { listDecisions } from '@/lib/scaling/engine';
import { loadScalingConfig, saveScalingConfig, scalingPatchSchema } from '@/lib/scaling/store';
import { RANGE_PRESETS } from '@/lib/time-range';

// GET /api/performance/scaling?range= – capacity, instances, the autoscaler's readings and decisions, its configuration
export const GET = route({ role: 'viewer', query: scalingGetQuery }, async ({ query: q }) => {
  const [s, config] = await Promise.all([fleetState(), loadScalingConfig(db())]);
  const now = Date.now();
  return {
    running: s !== null,
    current: s ? s.instances.filter((i) => i.state === 'running').length : 0,
    desired: s?.desired ?? 0,
    min: config.minInstances,
    max: config.maxInstances,
    instances: s?.instances ?? [],
    totals: s?.totals ?? null,
    readings: s?.autoscaler.latest ?? {},
    lastEvaluation: s?.autoscaler.last ?? null,
    config,
    decisions: await listDecisions(db(), now - RANGE_PRESETS[q.range], now),
  };
});

// PUT /api/performance/scaling – the scaling configuration (admin): limits, policies, schedules, cooldowns, price
export const PUT = route(
  { role: 'admin', body: scalingPatchSchema, action: 'scaling.configure' },
  async ({ body, principal }) => saveScalingConfig(db(), body, principalLabel(principal)),
);
