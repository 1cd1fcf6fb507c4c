// Request tracing in Chromium: a program using only the stock OpenTelemetry SDK with its protobuf
// exporter sends a trace across two services to the running server; an operator finds it by
// service and attribute, opens it as a timeline with its critical path, reads a span's details,
// shares the URL and downloads the trace as OTLP/JSON. Export without a token is refused.
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
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
