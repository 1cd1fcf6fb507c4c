// The performance report of a range as a PDF: summary against thresholds, latency and resource
// charts, top endpoints, slow queries, alerts and recommendations, all from measured data.
import PDFDocument from 'pdfkit';
import { db } from '../db';
import { querySeries } from '../metrics/query';
import { recommendations } from '../performance/recommendations';
import { cards, performanceStats, topSlowQueries } from '../performance/service';
import { summarize } from '../performance/summary';
import { effectiveSettings } from '../settings/service';
import { CPU_FIGURES, MEMORY_FIGURES } from '../performance/resources';
import { lineChart } from './pdf-chart';

const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 1 : 0)} ms`);
const pct = (v: number) => `${v.toFixed(1)}%`;

export async function performanceReportPdf(
  fromMs: number,
  toMs: number,
  title = 'Redline performance report',
): Promise<Buffer> {
  const settings = await effectiveSettings();
  const cpuFigure = CPU_FIGURES[settings['monitoring.threshold.cpuScope']];
  const memFigure = MEMORY_FIGURES[settings['monitoring.threshold.memoryScope']];
  const [stats, api, cpu, mem, endpoints, slow, recs, events] = await Promise.all([
    performanceStats(db(), fromMs, toMs, settings),
    querySeries(db(), {
      name: 'http_server_request_duration_ms',
      fromMs,
      toMs,
      groupBy: [],
      quantiles: [0.5, 0.95, 0.99],
    }),
    querySeries(db(), { name: cpuFigure.metric, fromMs, toMs, groupBy: [] }),
    querySeries(db(), { name: memFigure.metric, fromMs, toMs, groupBy: [] }),
    summarize(db(), 'http_server_request_duration_ms', fromMs, toMs, ['service', 'route']),
    topSlowQueries(db(), fromMs, toMs, 5),
    recommendations(db(), fromMs, toMs),
    db().alertEvent.findMany({
      where: { firedAt: { gte: new Date(fromMs), lte: new Date(toMs) } },
      orderBy: { firedAt: 'desc' },
      take: 10,
      include: { rule: { select: { name: true } } },
    }),
  ]);
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: title, Producer: 'Redline' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const range = { from: fromMs, to: toMs };

  doc.fontSize(18).fillColor('#c62828').text(title);
  doc
    .fontSize(9)
    .fillColor('#444')
    .text(
      `${new Date(fromMs).toISOString()} – ${new Date(toMs).toISOString()} · generated ${new Date().toISOString()}`,
    );
  doc.moveDown();
  doc.fontSize(12).fillColor('#222').text('Summary against thresholds');
  for (const c of cards(stats, settings)) {
    const value = c.value === null ? 'not measured' : c.unit === 'ms' ? ms(c.value) : pct(c.value);
    const limit = c.unit === 'ms' ? ms(c.threshold) : pct(c.threshold);
    doc
      .fontSize(9)
      .fillColor(c.state === 'breach' ? '#c62828' : '#222')
      .text(
        `${c.title}: ${value}  (threshold ${limit}, ${c.state === 'breach' ? 'OVER' : c.state === 'ok' ? 'within' : 'no data'})`,
      );
  }
  if (stats.api)
    doc
      .fillColor('#222')
      .text(
        `Requests: ${stats.api.count}, error rate ${stats.api.errorRate === null ? '—' : pct(stats.api.errorRate * 100)}, slow queries: ${stats.slowQueries}`,
      );

  const p = (k: 'p50' | 'p95' | 'p99') =>
    (api.series[0]?.points ?? [])
      .filter((x) => x.quantiles?.[k] !== undefined)
      .map((x) => ({ t: x.t, v: x.quantiles?.[k] as number }));
  const y0 = doc.y + 10;
  lineChart(
    doc,
    { x: 40, y: y0, w: 515, h: 170 },
    'API latency (p50 / p95 / p99)',
    [
      { name: 'p50', color: '#43a047', points: p('p50') },
      { name: 'p95', color: '#fb8c00', points: p('p95') },
      { name: 'p99', color: '#e53935', points: p('p99') },
    ],
    ms,
    range,
    settings['monitoring.threshold.apiResponseTimeMs'],
  );
  const level = (r: typeof cpu) => (r.series[0]?.points ?? []).map((x) => ({ t: x.t, v: x.avg }));
  lineChart(
    doc,
    { x: 40, y: y0 + 185, w: 250, h: 140 },
    cpuFigure.title,
    [{ name: 'CPU %', color: '#1e88e5', points: level(cpu) }],
    pct,
    range,
    settings['monitoring.threshold.cpuUsagePct'],
  );
  lineChart(
    doc,
    { x: 305, y: y0 + 185, w: 250, h: 140 },
    memFigure.title,
    [{ name: 'memory %', color: '#8e24aa', points: level(mem) }],
    pct,
    range,
    settings['monitoring.threshold.memoryUsagePct'],
  );

  doc.x = 40;
  doc.y = y0 + 340;
  doc.fontSize(12).fillColor('#222').text('Top endpoints');
  for (const e of endpoints.slice(0, 10)) {
    doc
      .fontSize(8)
      .fillColor('#222')
      .text(
        `${e.labels.service ?? ''} ${e.labels.route ?? ''}: ${e.count} req · p50 ${e.p50 === null ? '—' : ms(e.p50)} · p95 ${e.p95 === null ? '—' : ms(e.p95)} · p99 ${e.p99 === null ? '—' : ms(e.p99)} · errors ${e.errorRate === null ? '—' : pct(e.errorRate * 100)}`,
      );
  }
  if (endpoints.length === 0) doc.fontSize(8).text('No requests in this range.');
  doc.moveDown().fontSize(12).text('Slowest queries');
  for (const q of slow)
    doc
      .fontSize(8)
      .text(
        `${q.count}× ${ms(q.meanMs)} mean, p95 ${q.p95Ms === null ? '—' : ms(q.p95Ms)} (${q.route}): ${q.sql.slice(0, 160)}`,
      );
  if (slow.length === 0) doc.fontSize(8).text('No slow queries in this range.');
  doc.moveDown().fontSize(12).text('Alerts');
  for (const e of events)
    doc
      .fontSize(8)
      .text(
        `${e.firedAt.toISOString()} ${e.rule.name} (${e.severity}) ${e.status}${e.resolvedAt ? ` until ${e.resolvedAt.toISOString()}` : ''}, peak ${e.peakValue ?? '—'}`,
      );
  if (events.length === 0) doc.fontSize(8).text('No alert fired in this range.');
  doc.moveDown().fontSize(12).text('Recommendations');
  for (const r of recs) doc.fontSize(8).text(`[${r.severity}] ${r.title}: ${r.impact}`);
  if (recs.length === 0) doc.fontSize(8).text('Nothing to recommend from this range.');
  doc.end();
  return done;
}
