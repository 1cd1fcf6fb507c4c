// The monitoring API and the performance dashboard API, against measured traffic.
import { SQLITE_URL } from '../credentials';
import { Api, expect, test } from '../fixtures';

test.use({ storageState: { cookies: [], origins: [] } });

test('metrics, stats, dashboard, slow queries and recommendations answer from measured data', async ({ adminApi }) => {
  for (let i = 0; i < 25; i++) await adminApi.get('/api/health');
  await expect
    .poll(
      async () => {
        const r = await (
          await adminApi.get('/api/optimization/performance?action=metrics&timeRange=1h&metric=api')
        ).json();
        return (
          r.reports?.[0]?.summary?.find((s: { labels: { route: string } }) => s.labels.route === '/api/health')
            ?.count ?? 0
        );
      },
      { timeout: 10_000 },
    )
    .toBeGreaterThanOrEqual(25);
  const metrics = await (
    await adminApi.get('/api/optimization/performance?action=metrics&timeRange=1h&metric=api')
  ).json();
  const health = metrics.reports[0].summary.find(
    (s: { labels: { route: string } }) => s.labels.route === '/api/health',
  );
  expect(health).toMatchObject({ labels: { service: 'redline', route: '/api/health' }, errorRate: 0 });
  expect(health.p50).toBeGreaterThan(0);
  expect(health.p99).toBeGreaterThanOrEqual(health.p50);
  expect(metrics.reports[0].series.series[0].points[0].quantiles).toHaveProperty('p95');

  for (const metric of ['database', 'cache', 'memory', 'cpu']) {
    const r = await adminApi.get(`/api/optimization/performance?action=metrics&timeRange=1h&metric=${metric}`);
    expect(r.status(), metric).toBe(200);
  }
  const db = await (
    await adminApi.get('/api/optimization/performance?action=metrics&timeRange=1h&metric=database')
  ).json();
  expect(db.reports[0].summary.length).toBeGreaterThan(0); // the console's own Prisma queries

  const stats = await (await adminApi.get('/api/optimization/performance?action=stats&timeRange=1h')).json();
  expect(stats.stats.api.count).toBeGreaterThan(25);
  const dash = await (await adminApi.get('/api/performance/dashboard?range=1h')).json();
  expect(dash.cards.map((c: { key: string }) => c.key)).toEqual([
    'apiResponseTime',
    'databaseQueryTime',
    'cacheHitRate',
    'memoryUsage',
    'cpuUsage',
  ]);
  expect(dash.cards[0]).toMatchObject({ state: 'ok', threshold: 1000 });

  expect((await adminApi.get('/api/optimization/performance?action=slow-queries&timeRange=24h&limit=5')).status()).toBe(
    200,
  );
  const recs = await (await adminApi.get('/api/optimization/performance?action=recommendations')).json();
  expect(Array.isArray(recs.data)).toBe(true);
});

test('the expected band of a series comes from its own past', async ({ adminApi }) => {
  const r = await (
    await adminApi.get('/api/metrics/band?name=http_server_request_duration_ms&field=p95&range=1h')
  ).json();
  expect(['ewma', 'seasonal']).toContain(r.method);
  expect(Array.isArray(r.points)).toBe(true);
  expect((await adminApi.get('/api/metrics/band?name=x&method=magic')).status()).toBe(400);
});

test('export gives CSV (formula-safe) and JSON files', async ({ adminApi }) => {
  const csv = await adminApi.get('/api/optimization/performance?action=export&timeRange=1h&format=csv&metric=api');
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(csv.headers()['content-disposition']).toMatch(/attachment; filename="redline-api-\d{8}-\d{4}\.csv"/);
  const text = await csv.text();
  expect(text.split('\r\n')[0]).toBe('metric,labels,time,count,mean,min,max,p50,p95,p99');
  expect(text).toContain('http_server_request_duration_ms');
  const json = await adminApi.get('/api/optimization/performance?action=export&timeRange=1h&format=json&metric=cpu');
  expect((await json.json()).metric).toBe('cpu');
});

test('thresholds and config are set by admins only, in the compatibility shapes', async ({ adminApi }) => {
  const set = await adminApi.send('POST', '/api/optimization/performance', {
    action: 'set-thresholds',
    thresholds: { apiResponseTime: 800, cacheHitRate: 85 },
  });
  expect(set.status(), await set.text()).toBe(200);
  const settings = (await set.json()).settings as { key: string; value: unknown }[];
  expect(settings.find((s) => s.key === 'monitoring.threshold.apiResponseTimeMs')?.value).toBe(800);
  const cfg = await adminApi.send('PUT', '/api/performance/settings', {
    thresholds: { apiResponseTime: 1000 },
    metrics: { cache: true },
    retention: { slowQueries: '7d' },
  });
  expect(cfg.status(), await cfg.text()).toBe(200);
  const reset = await adminApi.send('POST', '/api/optimization/performance', {
    action: 'update-config',
    config: { thresholds: { cacheHitRate: 80 } },
  });
  expect(reset.status()).toBe(200);

  const alerts = await adminApi.send('POST', '/api/optimization/performance', {
    action: 'configure-alerts',
    alerts: {
      apiResponseTime: { threshold: 1000, channels: ['email', 'slack'] },
      cpuUsage: { threshold: 90, channels: ['webhook'] },
    },
  });
  expect(alerts.status(), await alerts.text()).toBe(200);
  const rules = (await alerts.json()).rules as {
    name: string;
    metric: string;
    aggregation: string;
    threshold: number;
  }[];
  expect(rules.map((r) => `${r.name} ${r.aggregation}(${r.metric}) ${r.threshold}`)).toEqual([
    'configured:apiResponseTime p95(http_server_request_duration_ms) 1000',
    'configured:cpuUsage avg(process_cpu_percent) 90', // the CPU threshold watches Redline's process by default
  ]);
  const again = await adminApi.send('POST', '/api/optimization/performance', {
    action: 'configure-alerts',
    alerts: { apiResponseTime: { threshold: 800, channels: [] } },
  });
  expect((await again.json()).rules[0].threshold).toBe(800); // updated in place, not duplicated
  expect(
    (
      await adminApi.send('POST', '/api/optimization/performance', {
        action: 'configure-alerts',
        alerts: { cacheHitRate: { threshold: 80 } },
      })
    ).status(),
  ).toBe(422);

  const viewer = await Api.signIn(SQLITE_URL, await adminApi.createUser('viewer'));
  expect(
    (
      await viewer.send('POST', '/api/optimization/performance', {
        action: 'set-thresholds',
        thresholds: { apiResponseTime: 1 },
      })
    ).status(),
  ).toBe(403);
  await viewer.dispose();
});

test('unknown actions, metrics, ranges and config keys are refused with 400', async ({ adminApi }) => {
  for (const path of [
    '/api/optimization/performance?action=explode',
    '/api/optimization/performance',
    '/api/optimization/performance?action=metrics&metric=disk',
    '/api/optimization/performance?action=metrics&timeRange=2d',
    '/api/optimization/performance?action=export&format=xlsx',
    '/api/optimization/performance?action=stats&extra=1',
  ]) {
    const r = await adminApi.get(path);
    expect(r.status(), path).toBe(400);
    expect((await r.json()).error.code, path).toBe('validation_failed');
  }
  for (const body of [
    { action: 'reboot' },
    { action: 'set-thresholds', thresholds: {} },
    { action: 'set-thresholds', thresholds: { apiResponseTime: -5 } },
    { action: 'update-config', config: { retention: { metrics: 'forever' } } },
  ]) {
    const r = await adminApi.send('POST', '/api/optimization/performance', body);
    expect(r.status(), JSON.stringify(body)).toBe(400);
  }
});

test('the PDF report of a range opens, with its sections and charts', async ({ adminApi }) => {
  const res = await adminApi.get('/api/performance/reports?range=1h');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/pdf');
  expect(res.headers()['content-disposition']).toMatch(/inline; filename="redline-report-\d{8}-\d{4}\.pdf"/);
  const pdf = await res.body();
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const { spawnSync } = await import('node:child_process');
  const text = spawnSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' });
  expect(text.error, 'pdftotext must be installed (apt-get install poppler-utils)').toBeUndefined();
  for (const heading of [
    'Redline performance report',
    'Summary against thresholds',
    'API latency (p50 / p95 / p99)',
    'Redline CPU',
    'Top endpoints',
    'Slowest queries',
    'Alerts',
    'Recommendations',
  ]) {
    expect(text.stdout).toContain(heading);
  }
  expect(text.stdout).toContain('/api/health');
  expect((await adminApi.get('/api/performance/reports?range=custom&from=2&to=1')).status()).toBe(400);
});
