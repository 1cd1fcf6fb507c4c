import { route } from '@/lib/api/route';
import { db } from '@/lib/db';
import { forecastView } from '@/lib/scaling/history';
import { loadScalingConfig } from '@/lib/scaling/store';

// GET /api/performance/scaling/forecast – the next 24 h of request rate (Holt-Winters, 95% band), the schedule it recommends, and how accurate the kept forecasts were
export const GET = route({ role: 'viewer' }, async () => forecastView(db(), await loadScalingConfig(db())));
