import { z } from 'zod';
import { route } from '@/lib/api/route';
import { db } from '@/lib/db';
import { forecastView, SEASONS, type Season } from '@/lib/scaling/history';
import { loadScalingConfig } from '@/lib/scaling/store';

const query = z.strictObject({
  season: z
    .enum(Object.keys(SEASONS) as [Season, ...Season[]], {
      error: `season is one of ${Object.keys(SEASONS).join(', ')}`,
    })
    .default('1d'),
});

// GET /api/performance/scaling/forecast?season=1d – the next season of request rate (Holt-Winters, 95% band), the schedule it recommends, and its measured accuracy
export const GET = route({ role: 'viewer', query }, async ({ query: q }) =>
  forecastView(db(), await loadScalingConfig(db()), Date.now(), q.season),
);
