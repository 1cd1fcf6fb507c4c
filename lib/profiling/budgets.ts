// Performance budgets: a route's p95 (an alert rule through the existing engine, so a breach
// notifies like any alert) or a benchmark figure (checked against its recorded runs), and the
// check a CI job runs — every budget and every figure's regression, with a pass/fail verdict.
import { z } from 'zod';
import { ApiError } from '../api/errors';
import { createRule, deleteRule } from '../alerts/service';
import { db } from '../db';
import { querySeries } from '../metrics/query';
import { BENCH_FIGURES, FIGURE_KEYS as figureKeys, type FigureKey } from './bench-figures';
import { regression } from './regression';

export const budgetBody = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('route'),
    subject: z.string().regex(/^\/[\w./[\]{}:-]{0,200}$/, 'a route pattern such as /api/metrics/series'),
    thresholdMs: z.number().positive().max(600_000),
  }),
  z.strictObject({ kind: z.literal('benchmark'), subject: z.enum(figureKeys), thresholdMs: z.number().finite() }),
]);
export type BudgetBody = z.infer<typeof budgetBody>;

export const figureBody = z.strictObject({
  figures: z
    .array(
      z.strictObject({
        key: z.enum(figureKeys),
        value: z.number().finite(),
        runId: z.string().max(80).default(''),
        gitRef: z.string().max(80).optional(),
      }),
    )
    .min(1)
    .max(100),
});

export async function listBudgets() {
  return db().performanceBudget.findMany({ orderBy: { createdAt: 'asc' } });
}

export async function createBudget(b: BudgetBody, by: string) {
  const exists = await db().performanceBudget.findUnique({
    where: { kind_subject: { kind: b.kind, subject: b.subject } },
  });
  if (exists) throw new ApiError('conflict', `A budget for ${b.subject} exists; delete it first`);
  let alertRuleId: string | null = null;
  if (b.kind === 'route') {
    // The route's p95 over 5 minutes above the budget for 5 minutes fires through the alert engine.
    const rule = await createRule({
      name: `budget:${b.subject}`,
      kind: 'threshold',
      metric: 'http_server_request_duration_ms',
      filter: { route: b.subject },
      aggregation: 'p95',
      windowMs: 5 * 60_000,
      comparator: '>',
      threshold: b.thresholdMs,
      forMs: 5 * 60_000,
      hysteresis: 0,
      severity: 'warning',
      channelIds: [],
      enabled: true,
    });
    alertRuleId = rule.id;
  }
  return db().performanceBudget.create({
    data: { kind: b.kind, subject: b.subject, thresholdMs: b.thresholdMs, alertRuleId, createdBy: by },
  });
}

export async function deleteBudget(id: string) {
  const b = await db().performanceBudget.findUnique({ where: { id } });
  if (!b) throw new ApiError('not_found', 'No such budget');
  if (b.alertRuleId) await deleteRule(b.alertRuleId).catch(() => undefined);
  await db().performanceBudget.delete({ where: { id } });
}

export async function recordFigures(figures: z.infer<typeof figureBody>['figures'], at = new Date()) {
  await db().benchmarkFigure.createMany({
    data: figures.map((f) => {
      const [bench, figure] = f.key.split('/') as [string, string];
      const meta = BENCH_FIGURES[f.key];
      return {
        bench,
        figure,
        value: f.value,
        unit: meta.unit,
        better: meta.better,
        runId: f.runId,
        gitRef: f.gitRef ?? null,
        at,
      };
    }),
  });
  return { recorded: figures.length };
}

/** Every budget and every figure's latest run against its history: what a CI job exits on. */
export async function checkBudgets(windowMs = 15 * 60_000, now = Date.now()) {
  const budgets = await listBudgets();
  const checks: {
    subject: string;
    kind: string;
    thresholdMs: number;
    value: number | null;
    ok: boolean;
    detail: string;
  }[] = [];
  for (const b of budgets) {
    if (b.kind === 'route') {
      const r = await querySeries(db(), {
        name: 'http_server_request_duration_ms',
        fromMs: now - windowMs,
        toMs: now,
        filter: { route: b.subject },
        quantiles: [0.95],
        totalsOnly: true,
      });
      const counts = r.series.reduce((n, s) => n + s.total.count, 0);
      const p95 = r.series.length === 1 ? (r.series[0]?.total.quantiles?.p95 ?? null) : null;
      const merged = p95 ?? (r.series.length ? Math.max(...r.series.map((s) => s.total.quantiles?.p95 ?? 0)) : null);
      checks.push({
        subject: b.subject,
        kind: b.kind,
        thresholdMs: b.thresholdMs,
        value: merged,
        ok: merged === null || merged <= b.thresholdMs,
        detail:
          merged === null
            ? `no requests in the last ${windowMs / 60_000} min`
            : `p95 ${merged.toFixed(1)} ms over ${counts} requests`,
      });
    } else {
      const [bench, figure] = b.subject.split('/') as [string, string];
      const latest = await db().benchmarkFigure.findFirst({ where: { bench, figure }, orderBy: { at: 'desc' } });
      const better = BENCH_FIGURES[b.subject as FigureKey]?.better ?? 'lower';
      const ok = !latest || (better === 'lower' ? latest.value <= b.thresholdMs : latest.value >= b.thresholdMs);
      checks.push({
        subject: b.subject,
        kind: b.kind,
        thresholdMs: b.thresholdMs,
        value: latest?.value ?? null,
        ok,
        detail: latest ? `latest run ${latest.at.toISOString()}` : 'no run recorded',
      });
    }
  }
  const regressions = [];
  for (const key of figureKeys) {
    const [bench, figure] = key.split('/') as [string, string];
    const runs = await db().benchmarkFigure.findMany({ where: { bench, figure }, orderBy: { at: 'desc' }, take: 11 });
    const [latest, ...earlier] = runs;
    if (!latest) continue;
    const v = regression(
      earlier.map((r) => r.value),
      latest.value,
      BENCH_FIGURES[key].better,
    );
    regressions.push({ key, ...v, runs: runs.length });
  }
  const failed = checks.some((c) => !c.ok) || regressions.some((r) => r.regressed);
  return { ok: !failed, checks, regressions };
}
