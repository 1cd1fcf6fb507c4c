import { badRequestOnThrow } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { effectiveSettings } from '@/lib/settings/service';
import { principalLabel } from '@/lib/auth/principal';
import { configureAlerts } from '@/lib/alerts/configured-alerts';
import { db } from '@/lib/db';
import { configPatch, thresholdsPatch } from '@/lib/compat/monitoring-config';
import { reportCsv } from '@/lib/performance/export';
import { performanceGetQuery, performancePostBody, pickRange } from '@/lib/compat/optimization-performance';
import { recommendations } from '@/lib/performance/recommendations';
import { categoryReport, performanceStats, topSlowQueries } from '@/lib/performance/service';
import { updateSettings } from '@/lib/settings/service';
import { resolveRange } from '@/lib/time-range';

// GET /api/optimization/performance?action=metrics|slow-queries|recommendations|export|stats – the monitoring API (compatibility shape)
export const GET = route({ role: 'viewer', query: performanceGetQuery }, async ({ query: q }) => {
  const { fromMs, toMs } = badRequestOnThrow(() => resolveRange(pickRange(q)));
  switch (q.action) {
    case 'metrics':
      return { metric: q.metric, fromMs, toMs, reports: await categoryReport(db(), q.metric, fromMs, toMs) };
    case 'slow-queries':
      return { fromMs, toMs, data: await topSlowQueries(db(), fromMs, toMs, q.limit) };
    case 'recommendations':
      return { fromMs, toMs, data: await recommendations(db(), fromMs, toMs) };
    case 'stats':
      return { fromMs, toMs, stats: await performanceStats(db(), fromMs, toMs, await effectiveSettings()) };
    case 'export': {
      const reports = await categoryReport(db(), q.metric, fromMs, toMs);
      const stamp = new Date(toMs).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-'); // 20261121-0615
      const file = `redline-${q.metric}-${stamp}.${q.format}`;
      const body =
        q.format === 'csv' ? reportCsv(reports) : JSON.stringify({ metric: q.metric, fromMs, toMs, reports }, null, 2);
      return new Response(body, {
        headers: {
          'content-type': q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
          'content-disposition': `attachment; filename="${file}"`,
        },
      });
    }
  }
});

// POST /api/optimization/performance – action=update-config|set-thresholds|configure-alerts (admin)
export const POST = route(
  { role: 'admin', body: performancePostBody, action: 'performance.configure' },
  async ({ body, principal }) => {
    if (body.action === 'configure-alerts') return { action: body.action, rules: await configureAlerts(body.alerts) };
    const patch = body.action === 'set-thresholds' ? thresholdsPatch(body.thresholds) : configPatch(body.config);
    return { action: body.action, settings: await updateSettings(patch, principalLabel(principal)) };
  },
);
