// Request tracing in Chromium: a program using only the stock OpenTelemetry SDK with its protobuf
// exporter sends a trace across two services to the running server; an operator finds it by
// service and attribute, opens it as a timeline with its critical path, reads a span's details,
// shares the URL and downloads the trace as OTLP/JSON; log records sent with the SDK show on their
// trace. Export without a token is refused.
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { SQLITE_URL } from '../credentials';
import { expect, test } from '../fixtures';

const RUN = Date.now().toString(36);

async function sendTrace(token: string): Promise<string> {
  const sdk = (service: string) =>
    new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': service, 'deployment.environment': `e2e-${RUN}` }),
      spanProcessors: [
        new SimpleSpanProcessor(
          new OTLPTraceExporter({ url: `${SQLITE_URL}/v1/traces`, headers: { Authorization: `Bearer ${token}` } }),
        ),
      ],
    });
  const shop = sdk(`shop-${RUN}`);
  const stock = sdk(`stock-${RUN}`);
  const propagator = new W3CTraceContextPropagator();
  const root = shop.getTracer('web').startSpan('GET /checkout', {
    kind: SpanKind.SERVER,
    attributes: { 'cart.size': 3, 'user.tier': 'gold' },
  });
  // The call to the other service carries the trace context as a traceparent header would.
  const carrier: Record<string, string> = {};
  propagator.inject(trace.setSpan(context.active(), root), carrier, {
    set: (c, k, v) => {
      c[k] = v;
    },
  });
  const parent = propagator.extract(context.active(), carrier, {
    get: (c, k) => c[k],
    keys: (c) => Object.keys(c),
  });
  const reserve = stock.getTracer('api').startSpan('POST /reserve', { kind: SpanKind.SERVER }, parent);
  const query = stock
    .getTracer('api')
    .startSpan('UPDATE stock', { kind: SpanKind.CLIENT }, trace.setSpan(parent, reserve));
  await new Promise((r) => setTimeout(r, 30));
  query.end();
  reserve.setStatus({ code: SpanStatusCode.ERROR, message: 'out of stock' });
  reserve.end();
  root.end();
  await Promise.all([shop.forceFlush(), stock.forceFlush()]);
  await Promise.all([shop.shutdown(), stock.shutdown()]);
  return root.spanContext().traceId;
}

test('a trace sent by the stock SDK is found, drawn with its critical path, shared and downloaded', async ({
  page,
  adminApi,
}) => {
  const { token } = (await (
    await adminApi.send('POST', '/api/tokens', { name: `otlp-${RUN}`, role: 'operator' })
  ).json()) as { token: string };
  const unauthenticated = await fetch(`${SQLITE_URL}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf' },
    body: new Uint8Array(),
  });
  expect(unauthenticated.status).toBe(401);
  const traceId = await sendTrace(token);

  await page.goto('/profiling/tracing?range=1h');
  const form = page.getByRole('form', { name: 'Search traces' });
  await form.getByLabel('Service').click();
  await page.getByRole('option', { name: `stock-${RUN}` }).click();
  await form.getByLabel('Attribute').fill('user.tier');
  await form.getByLabel('Value').fill('gold');
  await form.getByRole('button', { name: 'Add filter' }).click();
  await form.getByRole('button', { name: 'Find traces' }).click();
  await expect(page).toHaveURL(new RegExp(`service=stock-${RUN}`));
  await expect(page).toHaveURL(/attrs=user.tier%3Dgold/);
  // Every filter applies to one span: the attribute is on the other service's span, so nothing matches.
  await expect(page.getByText('No traces match')).toBeVisible();
  const results = page.getByTestId('trace-results');
  await form.getByLabel('Service').click();
  await page.getByRole('option', { name: 'all services' }).click();
  await form.getByRole('button', { name: 'Find traces' }).click();
  const row = results.getByRole('row').filter({ hasText: `shop-${RUN}: GET /checkout` });
  await expect(row).toBeVisible();
  await expect(row).toContainText('1 error');
  await row.click();
  await expect(page).toHaveURL(new RegExp(`trace=${traceId}`));

  const timeline = page.getByTestId('trace-timeline');
  await expect(timeline.getByRole('treeitem')).toHaveCount(3);
  await expect(timeline.getByRole('treeitem').nth(0)).toContainText('GET /checkout');
  await expect(timeline.getByRole('treeitem').nth(1)).toContainText('POST /reserve');
  await expect(timeline.getByRole('treeitem').nth(2)).toContainText('UPDATE stock');
  expect(await timeline.locator('[data-critical="true"]').count()).toBeGreaterThan(0);
  await timeline.getByRole('treeitem').nth(1).click();
  await expect(page.getByTestId('span-details')).toContainText('out of stock');
  await expect(page.getByTestId('span-details')).toContainText(`stock-${RUN}`);
  // Collapsing a span hides its children.
  await timeline.getByRole('treeitem').nth(1).getByRole('button', { name: 'Collapse' }).click();
  await expect(timeline.getByRole('treeitem')).toHaveCount(2);

  // The URL is the view: opened afresh, it shows the same trace.
  await page.goto(page.url());
  await expect(page.getByTestId('trace-timeline').getByRole('treeitem')).toHaveCount(3);

  // Server spans became RED metrics per service in the metrics store.
  await expect
    .poll(
      async () =>
        JSON.stringify(
          await (
            await adminApi.get('/api/metrics/series?name=trace_span_duration_ms&range=15m&groupBy=service')
          ).json(),
        ),
      { timeout: 15_000 },
    )
    .toContain(`stock-${RUN}`);

  const download = await adminApi.get(`/api/traces/${traceId}?format=otlp`);
  expect(download.status()).toBe(200);
  const otlp = (await download.json()) as { resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[] };
  const ids = otlp.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((x) => x.traceId)));
  expect(ids).toEqual([traceId, traceId, traceId]);
});

test('log records written inside a span show on its trace, and a log line opens its trace', async ({
  page,
  adminApi,
}) => {
  const { token } = (await (
    await adminApi.send('POST', '/api/tokens', { name: `otlp-logs-${RUN}`, role: 'operator' })
  ).json()) as { token: string };
  const resource = resourceFromAttributes({ 'service.name': `billing-${RUN}` });
  const headers = { Authorization: `Bearer ${token}` };
  const tracing = new NodeTracerProvider({
    resource,
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${SQLITE_URL}/v1/traces`, headers }))],
  });
  const logs = new LoggerProvider({
    resource,
    processors: [
      new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${SQLITE_URL}/v1/logs`, headers }) }),
    ],
  });
  const root = tracing.getTracer('billing').startSpan('POST /invoice', { kind: SpanKind.SERVER });
  const inRoot = trace.setSpan(context.active(), root);
  const logger = logs.getLogger('billing');
  logger.emit({
    context: inRoot,
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    body: `invoice ${RUN} drafted`,
  });
  await new Promise((r) => setTimeout(r, 20));
  logger.emit({
    context: inRoot,
    severityNumber: SeverityNumber.ERROR,
    severityText: 'ERROR',
    body: `tax service refused invoice ${RUN}`,
  });
  root.end();
  await Promise.all([tracing.forceFlush(), logs.forceFlush()]);
  const traceId = root.spanContext().traceId;
  await expect
    .poll(async () => ((await (await adminApi.get(`/api/traces/${traceId}`)).json()).logs ?? []).length, {
      timeout: 10_000,
    })
    .toBe(2);
  await Promise.all([tracing.shutdown(), logs.shutdown()]);

  // From the log search: the error, by text and severity, opens its trace.
  await page.goto('/profiling/tracing?range=1h');
  await page.getByLabel('Message contains').fill(`invoice ${RUN}`);
  await page.getByLabel('Severity at least').click();
  await page.getByRole('option', { name: 'ERROR' }).click();
  await page.getByRole('button', { name: 'Search logs' }).click();
  await expect(page).toHaveURL(/logSeverity=error/);
  const found = page.getByTestId('log-results');
  await expect(found.getByRole('row')).toHaveCount(2); // the header and the error
  await expect(found).toContainText(`tax service refused invoice ${RUN}`);
  await found.getByRole('button', { name: 'Open trace' }).click();
  await expect(page).toHaveURL(new RegExp(`trace=${traceId}`));
  // On the trace: a tick per record on the span's bar, and the list under the timeline.
  const timeline = page.getByTestId('trace-timeline');
  await expect(timeline.locator('[data-log-mark="ERROR"]')).toHaveCount(1);
  await expect(timeline.locator('[data-log-mark="INFO"]')).toHaveCount(1);
  const list = page.getByTestId('trace-logs');
  await expect(list.getByRole('row')).toHaveCount(3);
  await list.getByRole('row').filter({ hasText: 'tax service refused' }).click();
  await expect(page.getByTestId('span-details')).toContainText('POST /invoice');
});

test("Redline traces its own API requests, joined to the caller's trace, with a span per statement", async ({
  adminApi,
}) => {
  const traceId = `${Date.now().toString(16).padStart(16, '0')}${'ab'.repeat(8)}`;
  const parent = 'cd'.repeat(8);
  const res = await adminApi.ctx.get('/api/settings', { headers: { traceparent: `00-${traceId}-${parent}-01` } });
  expect(res.status()).toBe(200);
  expect(res.headers().traceresponse).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  await expect.poll(async () => (await adminApi.get(`/api/traces/${traceId}`)).status(), { timeout: 10_000 }).toBe(200);
  const { spans } = (await (await adminApi.get(`/api/traces/${traceId}`)).json()) as {
    spans: { spanId: string; parentId: string | null; service: string; name: string; kind: number }[];
  };
  const server = spans.find((s) => s.name === 'GET /api/settings');
  expect(server).toMatchObject({ service: 'redline', kind: 2, parentId: parent });
  const statements = spans.filter((s) => s.parentId === server?.spanId);
  expect(statements.length).toBeGreaterThan(0);
  expect(statements.every((s) => s.kind === 3 && /^(SELECT|INSERT|UPDATE|DELETE)/.test(s.name))).toBe(true);
});

test('a filter typed but not added still applies, and resource attributes are searchable', async ({
  page,
  adminApi,
}) => {
  const { token } = (await (
    await adminApi.send('POST', '/api/tokens', { name: `otlp-typed-${RUN}`, role: 'operator' })
  ).json()) as { token: string };
  await sendTrace(token);
  await page.goto('/profiling/tracing?range=1h');
  const form = page.getByRole('form', { name: 'Search traces' });
  const results = page.getByTestId('trace-results');
  // A resource attribute, typed and searched without "Add filter".
  await form.getByLabel('Attribute').fill('deployment.environment');
  await form.getByLabel('Value').fill(`e2e-${RUN}`);
  await form.getByRole('button', { name: 'Find traces' }).click();
  await expect(page).toHaveURL(new RegExp(`attrs=deployment.environment%3De2e-${RUN}`));
  await expect(form.getByRole('button', { name: `deployment.environment=e2e-${RUN}` })).toBeVisible();
  await expect(
    results
      .getByRole('row')
      .filter({ hasText: `shop-${RUN}: GET /checkout` })
      .first(),
  ).toBeVisible();
  // A second typed filter that matches nothing narrows the search to nothing.
  await form.getByLabel('Attribute').fill('user.tier');
  await form.getByLabel('Value').fill('platinum');
  await form.getByRole('button', { name: 'Find traces' }).click();
  await expect(page).toHaveURL(/user.tier%3Dplatinum/);
  await expect(page.getByText('No traces match')).toBeVisible();
});

/** A trace of `GET /orders` with `selects` item lookups side by side and, if asked, an outbound call. */
async function sendOrders(token: string, selects: number, call: boolean): Promise<string> {
  const sdk = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': `orders-${RUN}` }),
    spanProcessors: [
      new SimpleSpanProcessor(
        new OTLPTraceExporter({ url: `${SQLITE_URL}/v1/traces`, headers: { Authorization: `Bearer ${token}` } }),
      ),
    ],
  });
  const tracer = sdk.getTracer('orders');
  const t0 = Date.now() - 1_000;
  const root = tracer.startSpan('GET /orders', { kind: SpanKind.SERVER, startTime: t0 });
  const inRoot = trace.setSpan(context.active(), root);
  // Promise.all over the order's items: every lookup starts before the first ends.
  for (let i = 0; i < selects; i++)
    tracer
      .startSpan(
        'SELECT item',
        {
          kind: SpanKind.CLIENT,
          startTime: t0 + 10 + i,
          attributes: { 'db.system': 'postgresql', 'db.statement': `SELECT * FROM item WHERE id = ${100 + i}` },
        },
        inRoot,
      )
      .end(t0 + 60 + i);
  if (call)
    tracer
      .startSpan(
        'GET',
        {
          kind: SpanKind.CLIENT,
          startTime: t0 + 80,
          attributes: { 'http.request.method': 'GET', 'url.full': 'http://pricing.internal/quote?order=7' },
        },
        inRoot,
      )
      .end(t0 + 120);
  root.end(t0 + 150);
  await sdk.forceFlush();
  await sdk.shutdown();
  return root.spanContext().traceId;
}

test('repeated lookups made side by side are flagged, and two traces compare by operation', async ({
  page,
  adminApi,
}) => {
  const { token } = (await (
    await adminApi.send('POST', '/api/tokens', { name: `otlp-orders-${RUN}`, role: 'operator' })
  ).json()) as { token: string };
  const small = await sendOrders(token, 2, false);
  const big = await sendOrders(token, 6, true);
  const api = (await (await adminApi.get(`/api/traces/${big}`)).json()) as { patterns: { count: number }[] };
  expect(api.patterns.map((p) => p.count)).toEqual([6]);

  await page.goto(`/profiling/tracing?range=1h&service=orders-${RUN}&trace=${big}`);
  const flagged = page.getByTestId('repeated-calls');
  await expect(flagged).toContainText('6×');
  await expect(flagged).toContainText('SELECT * FROM item WHERE id = ?');
  await expect(flagged).toContainText('side by side');
  await flagged.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByTestId('trace-timeline').locator('[data-marked="true"]')).toHaveCount(6);

  const other = page
    .getByTestId('trace-results')
    .getByRole('row')
    .filter({ hasText: small.slice(0, 8) });
  await other.getByRole('button', { name: 'Compare' }).click();
  await expect(page).toHaveURL(new RegExp(`compare=${small}`));
  const compared = page.getByTestId('trace-compare');
  await expect(compared.locator('[data-change="added"]')).toContainText('GET');
  await expect(compared.locator('[data-change="changed"]').filter({ hasText: 'SELECT item' })).toContainText('2 → 6');
  await expect(page.getByTestId('compare-delta')).toContainText('B − A');
  // The comparison is part of the URL: opened afresh, it is there.
  await page.goto(page.url());
  await expect(page.getByTestId('trace-compare').locator('[data-change="added"]')).toHaveCount(1);
  expect((await adminApi.get(`/api/traces/compare?a=${small}&b=${'0'.repeat(31)}1`)).status()).toBe(404);
  expect((await adminApi.get(`/api/traces/compare?a=${small}&b=nope`)).status()).toBe(400);

  // Across the range's traces: on Profiling → Overview, and as a recommendation, with the trace to open.
  await page.goto('/profiling/overview?range=1h');
  const repeats = page.getByTestId('trace-repeats');
  const row = repeats.getByRole('row').filter({ hasText: `orders-${RUN}` });
  await expect(row).toContainText('SELECT * FROM item WHERE id = ?');
  await expect(row).toContainText('concurrent');
  await row.getByRole('link', { name: 'Open trace' }).click();
  await expect(page).toHaveURL(new RegExp(`/profiling/tracing\\?trace=${big}`));
  await expect(page.getByTestId('repeated-calls')).toContainText('6×');
  const recs = (await (await adminApi.get('/api/optimization/performance?action=recommendations&range=1h')).json()) as {
    recommendations?: { id: string; link: string }[];
  };
  expect(JSON.stringify(recs)).toContain(`orders-${RUN} repeats a statement up to 6×`);
});

test('the service map draws the services, the calls between them and a service’s operations', async ({
  page,
  adminApi,
}) => {
  const { token } = (await (
    await adminApi.send('POST', '/api/tokens', { name: `otlp-map-${RUN}`, role: 'operator' })
  ).json()) as { token: string };
  await sendTrace(token);
  const api = (await (await adminApi.get('/api/traces/service-map?range=1h')).json()) as {
    edges: { from: string; to: string; requests: number; errorRate: number }[];
  };
  // Every trace this file sent calls stock from shop, and every such call failed.
  const edge = api.edges.find((e) => e.from === `shop-${RUN}` && e.to === `stock-${RUN}`);
  expect(edge?.requests).toBeGreaterThanOrEqual(1);
  expect(edge?.errorRate).toBe(1);
  expect((await adminApi.get('/api/traces/service-map?range=custom&from=5&to=1')).status()).toBe(400);

  await page.goto('/profiling/tracing?range=1h');
  const map = page.getByTestId('service-map');
  await expect(map.getByTestId(`rf__edge-shop-${RUN}->stock-${RUN}`)).toBeVisible();
  const stock = map.getByTestId(`rf__node-stock-${RUN}`);
  await expect(stock).toContainText('100.0% err');
  await stock.click();
  const ops = page.getByTestId('service-operations');
  await expect(ops).toContainText('POST /reserve');
  await ops.getByRole('button', { name: 'Find its traces' }).click();
  await expect(page).toHaveURL(new RegExp(`service=stock-${RUN}`));
});
