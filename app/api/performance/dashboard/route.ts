import { z } from 'zod';
import { badRequestOnThrow } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { db } from '@/lib/db';
import { cards, performanceStats, topSlowQueries } from '@/lib/performance/service';
import { effectiveSettings } from '@/lib/settings/service';
import { rangeQueryShape, resolveRange } from '@/lib/time-range';

// GET /api/performance/dashboard – summary cards against the thresholds, headline stats, top slow queries
export const GET = route({ role: 'viewer', query: z.strictObject(rangeQueryShape) }, async ({ query }) => {
  const { fromMs, toMs } = badRequestOnThrow(() => resolveRange(query));
  const settings = await effectiveSettings();
  const [stats, slow] = await Promise.all([
    performanceStats(db(), fromMs, toMs, settings),
    topSlowQueries(db(), fromMs, toMs, 5),
  ]);
  return { fromMs, toMs, cards: cards(stats, settings), stats, slowQueries: slow };
});
