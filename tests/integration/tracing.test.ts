// The OTLP/HTTP trace receiver on a real database, fed by the stock OpenTelemetry JS SDK with its
// protobuf exporter: two services, one calling the other over HTTP with W3C trace context, arrive
// as one trace with the right parent/child structure; bad input gets OTLP's answers.
import '../helpers/open-loopback';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { context, propagation, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtest } from '@/lib/alerts/backtest';
import { evaluateRules } from '@/lib/alerts/engine';
import { createChannel, createRule } from '@/lib/alerts/service';
import { closeDatabase, db, switchDatabase } from '@/lib/db';
import { applyMigrations } from '@/lib/db/migrate';
import { buildTree, criticalPath, flatten } from '@/lib/tracing/model';
import { decodeJson, normalize } from '@/lib/tracing/otlp';
import { toOtlpJson } from '@/lib/tracing/export';
import { receiveTraces } from '@/lib/tracing/receiver';
import {
  applyTraceRetention,
  attributeSuggestions,
  getTrace,
  searchTraces,
  serviceMapSpans,
  servicesAndOperations,
} from '@/lib/tracing/store';
import { serviceMap } from '@/lib/tracing/service-map';
import { repeatedCallsInTraces } from '@/lib/tracing/trace-repeats';
import { flushSelfSpans } from '@/lib/tracing/self-spans';
import { TRACE_ARRIVALS } from '@/lib/tracing/rate-limit';
import { clearTailBuffer, tailBuffer } from '@/lib/tracing/tail-buffer';
import { put } from '@/lib/process/registry';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../helpers/databases';
import { httpListener } from '../helpers/listeners';
import { webListener } from '../helpers/web-handler';

propagation.setGlobalPropagator(new W3CTraceContextPropagator());

/** The receiver behind a real HTTP listener (the route wrapper's auth is tested end to end). */
const receiver = () => webListener(receiveTraces);

const post = async (url: string, body: Buffer | string, headers: Record<string, string>) => {
  const res = await fetch(`${url}/v1/traces`, {
    method: 'POST',
    body: typeof body === 'string' ? body : new Uint8Array(body),
    headers,
  });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    retry: res.headers.get('retry-after'),
    body: Buffer.from(await res.arrayBuffer()),
  };
};

describe.each(PROVIDERS)('OTLP traces on %s', (provider) => {
  let tdb: TestDatabase;
  let rx: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => {
    tdb = await createTestDatabase(provider);
    await applyMigrations(tdb.target);
    await switchDatabase(tdb.target);
    rx = await receiver();
  });
  afterAll(async () => {
    await rx.close();
    await closeDatabase();
    await tdb.drop();
  });

  it('takes the stock SDK’s protobuf export: two services, one trace, parent and child across them', async () => {
    const sdk = (service: string) =>
      new NodeTracerProvider({
        resource: resourceFromAttributes({
          'service.name': service,
          'service.version': '1.4.2',
          'deployment.environment': `staging-${provider}`,
        }),
        spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${rx.url}/v1/traces` }))],
      });
    const frontend = sdk(`frontend-${provider}`);
    const backend = sdk(`backend-${provider}`);
    // The backend: a real HTTP server that continues the caller's trace from its traceparent header.
    const api = http.createServer((req, res) => {
      const parent = propagation.extract(context.active(), req.headers);
      const span = backend
        .getTracer('api')
        .startSpan('GET /items', { kind: SpanKind.SERVER, attributes: { 'http.route': '/items' } }, parent);
      const db = backend
        .getTracer('api')
        .startSpan('SELECT items', { kind: SpanKind.CLIENT }, trace.setSpan(parent, span));
      setTimeout(() => {
        db.end();
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'partial data' });
        span.end();
        res.end('ok');
      }, 20);
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    const apiPort = (api.address() as AddressInfo).port;

    const root = frontend
      .getTracer('web')
      .startSpan('GET /page', { kind: SpanKind.SERVER, attributes: { 'user.tier': 'gold', 'http.status_code': 200 } });
    const headers: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), root), headers);
    await fetch(`http://127.0.0.1:${apiPort}/items`, { headers });
    root.end();
    await Promise.all([frontend.forceFlush(), backend.forceFlush()]);
    await flushSelfSpans();
    api.close();

    const traceId = root.spanContext().traceId;
    const spans = await getTrace(traceId);
    expect(spans.map((s) => s.name).sort()).toEqual(['GET /items', 'GET /page', 'SELECT items']);
    const byName = new Map(spans.map((s) => [s.name, s]));
    expect(byName.get('GET /items')?.parentId).toBe(root.spanContext().spanId);
    expect(byName.get('GET /items')?.service).toBe(`backend-${provider}`);
    expect(byName.get('SELECT items')?.parentId).toBe(byName.get('GET /items')?.spanId);
    expect(byName.get('GET /items')).toMatchObject({ status: 2, statusMessage: 'partial data', kind: 2 });
    expect(byName.get('GET /page')?.attributes).toMatchObject({ 'user.tier': 'gold', 'http.status_code': 200 });
    expect(byName.get('GET /page')?.resource['service.name']).toBe(`frontend-${provider}`);
    const tree = buildTree(spans);
    expect(flatten(tree).map((n) => [n.span.name, n.depth])).toEqual([
      ['GET /page', 0],
      ['GET /items', 1],
      ['SELECT items', 2],
    ]);
    expect(criticalPath(tree).some((c) => c.spanId === byName.get('SELECT items')?.spanId)).toBe(true);

    // Search by service, operation, attribute and duration; the summary names the root.
    const now = Date.now() * 1000;
    const base = { attributes: [], fromUs: now - 60e6, toUs: now + 1e6, limit: 20 };
    const found = (await searchTraces({ ...base, service: `backend-${provider}`, operation: 'GET /items' })).traces;
    expect(found[0]).toMatchObject({ traceId, rootName: 'GET /page', spans: 3, errors: 1 });
    expect(
      (await searchTraces({ ...base, attributes: [{ key: 'user.tier', value: 'gold' }] })).traces[0]?.traceId,
    ).toBe(traceId);
    expect((await searchTraces({ ...base, attributes: [{ key: 'user.tier', value: 'silver' }] })).traces).toEqual([]);
    expect(
      (await searchTraces({ ...base, attributes: [{ key: 'http.status_code', value: '200' }] })).traces[0]?.traceId,
    ).toBe(traceId);
    expect((await searchTraces({ ...base, attributes: [{ key: 'http.status_code', value: '20' }] })).traces).toEqual(
      [],
    );
    // Resource attributes are searched like span attributes, and offered by the autocomplete.
    const env = { key: 'deployment.environment', value: `staging-${provider}` };
    expect((await searchTraces({ ...base, attributes: [env] })).traces[0]?.traceId).toBe(traceId);
    expect(
      (await searchTraces({ ...base, attributes: [{ key: 'deployment.environment', value: 'production' }] })).traces,
    ).toEqual([]);
    expect(
      (await searchTraces({ ...base, attributes: [env, { key: 'user.tier', value: 'gold' }] })).traces[0]?.traceId,
    ).toBe(traceId);
    expect(
      (await searchTraces({ ...base, attributes: [{ key: 'service.version', value: '1.4.2' }] })).traces,
    ).toHaveLength(1);
    expect((await searchTraces({ ...base, service: `backend-${provider}`, minDurationUs: 60e6 })).traces).toEqual([]);
    expect((await searchTraces({ ...base, status: 'error' })).traces[0]?.traceId).toBe(traceId);
    const services = await servicesAndOperations();
    expect(services.find((s) => s.service === `backend-${provider}`)?.operations).toEqual([
      'GET /items',
      'SELECT items',
    ]);
    expect((await attributeSuggestions(`frontend-${provider}`, undefined)).map((s) => s.value)).toContain('user.tier');
    expect((await attributeSuggestions(undefined, 'user.tier')).map((s) => s.value)).toEqual(['gold']);
    expect((await attributeSuggestions(`backend-${provider}`, undefined)).map((s) => s.value)).toContain(
      'deployment.environment',
    );

    // The service map joins each span to its parent across services, in SQL on both databases.
    const read = await serviceMapSpans(base.fromUs, base.toUs);
    const map = serviceMap(read.spans, 60);
    expect(read.stoppedAfter).toBeNull();
    expect(map.edges.find((e) => e.from === `frontend-${provider}`)).toMatchObject({
      to: `backend-${provider}`,
      requests: 1,
      errorRate: 1,
    });
    expect(map.nodes.find((n) => n.service === `backend-${provider}`)?.operations.map((o) => o.name)).toEqual([
      'GET /items',
    ]);

    // The download reads back as the same spans.
    const again = normalize(decodeJson(JSON.parse(JSON.stringify(toOtlpJson(spans)))), now, now - 86_400e6).spans;
    expect(again.map((s) => [s.spanId, s.parentId, s.durationUs, s.scope?.name]).sort()).toEqual(
      spans.map((s) => [s.spanId, s.parentId, s.durationUs, s.scope?.name]).sort(),
    );
    expect(new Set(spans.map((s) => s.scope?.name))).toEqual(new Set(['web', 'api']));
    await Promise.all([frontend.shutdown(), backend.shutdown()]);
  });

  it("fires a trace alert rule at a webhook: the error rate of one service's operation", async () => {
    const hook = await httpListener();
    try {
      const channel = await createChannel({ name: 'hook', enabled: true, config: { type: 'webhook', url: hook.url } });
      const rule = {
        name: `items failing on ${provider}`,
        kind: 'trace' as const,
        metric: 'trace_spans',
        filter: { service: `backend-${provider}`, operation: 'GET /items' },
        aggregation: 'error_rate' as const,
        windowMs: 300_000,
        comparator: '>=' as const,
        threshold: 0.5,
        forMs: 0,
        hysteresis: 0,
        severity: 'critical' as const,
        channelIds: [channel.id],
        enabled: true,
      };
      await createRule(rule);
      // Another service's spans do not count: no error there.
      await createRule({ ...rule, name: 'frontend failing', filter: { service: `frontend-${provider}` } });
      const summary = await evaluateRules(db(), { baseUrl: 'http://console.test', enabled: true });
      expect(summary).toMatchObject({ evaluated: 2, fired: 1, notifications: 1 });
      expect(hook.received).toHaveLength(1);
      const message = JSON.parse(hook.received[0]?.body ?? '{}');
      expect(message).toMatchObject({
        kind: 'firing',
        rule: { name: `items failing on ${provider}`, metric: 'trace_spans' },
      });
      expect(message.event.value).toBe(1);
      // The same rule against the last 24 h finds the episode.
      expect((await backtest(db(), rule)).episodes).toHaveLength(1);
    } finally {
      await hook.close();
    }
  });

  it('answers bad input as OTLP says and keeps the valid spans of a batch', async () => {
    const malformed = await post(rx.url, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 1]), {
      'content-type': 'application/x-protobuf',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.type).toBe('application/x-protobuf');
    expect((await post(rx.url, 'x', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post(rx.url, '{"resourceSpans":', { 'content-type': 'application/json' })).status).toBe(400);
    const now = BigInt(Date.now()) * 1_000_000n;
    const spanOf = (spanId: string, start: bigint, end: bigint) => ({
      traceId: 'a1'.repeat(16),
      spanId,
      name: 'job',
      startTimeUnixNano: String(start),
      endTimeUnixNano: String(end),
    });
    const batch = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: `worker-${provider}` } }] },
          scopeSpans: [
            {
              spans: [
                spanOf('b1'.repeat(8), now - 5_000_000n, now),
                spanOf('b2'.repeat(8), now, now - 1n),
                spanOf('00'.repeat(8), now - 5n, now),
              ],
            },
          ],
        },
      ],
    };
    const ok = await post(rx.url, gzipSync(JSON.stringify(batch)), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body.toString())).toMatchObject({ partialSuccess: { rejectedSpans: '2' } });
    // Resent (an exporter's retry): stored once.
    await post(rx.url, JSON.stringify(batch), { 'content-type': 'application/json' });
    await flushSelfSpans();
    expect((await getTrace('a1'.repeat(16))).map((s) => s.spanId)).toEqual(['b1'.repeat(8)]);
  });

  it('finds repeated calls across the received traces of a range, one row per call with a trace to open', async () => {
    const now = BigInt(Date.now()) * 1_000_000n;
    const service = `n1-${provider}`;
    const traceOf = (traceId: string, items: number) => ({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId,
                  spanId: 'a0'.repeat(8),
                  name: 'GET /orders',
                  kind: 2,
                  startTimeUnixNano: String(now - 50_000_000n),
                  endTimeUnixNano: String(now),
                },
                ...Array.from({ length: items }, (_, i) => ({
                  traceId,
                  spanId: `b${i}`.padEnd(16, '1'),
                  parentSpanId: 'a0'.repeat(8),
                  name: 'SELECT item',
                  kind: 3,
                  startTimeUnixNano: String(now - 40_000_000n + BigInt(i) * 2_000_000n),
                  endTimeUnixNano: String(now - 39_000_000n + BigInt(i) * 2_000_000n),
                  attributes: [{ key: 'db.query.text', value: { stringValue: `SELECT * FROM item WHERE id = ${i}` } }],
                })),
              ],
            },
          ],
        },
      ],
    });
    for (const [id, items] of [
      ['c1'.repeat(16), 6],
      ['c2'.repeat(16), 9],
    ] as const)
      expect(
        (await post(rx.url, JSON.stringify(traceOf(id, items)), { 'content-type': 'application/json' })).status,
      ).toBe(200);
    const nowUs = Date.now() * 1000;
    const found = await repeatedCallsInTraces(nowUs - 60e6, nowUs + 1e6);
    const row = found.repeats.find((r) => r.service === service);
    expect(row).toMatchObject({
      kind: 'db',
      traces: 2,
      maxCount: 9,
      concurrent: false,
      exampleTraceId: 'c2'.repeat(16),
    });
    expect(row?.key).toContain('FROM item WHERE id = ?');
    expect(row?.totalUs).toBe(15 * 1_000);
  });

  it('deletes spans past their retention', async () => {
    expect(await applyTraceRetention(Date.now() + 30 * 86_400_000)).toBeGreaterThanOrEqual(4);
    expect(await getTrace('a1'.repeat(16))).toEqual([]);
  });

  it('stores at most the traces per second the limit allows, whole — and over it, every trace with an error or a slow span', async () => {
    const now = BigInt(Date.now()) * 1_000_000n;
    // Of the second burst, traces 0–49 end in an error and 50–99 last 1.5 s (the slow threshold is 1 s).
    const burst = (tag: string, marked = false) => ({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: `burst-${provider}` } }] },
          scopeSpans: [
            {
              spans: Array.from({ length: 3_000 }, (_, i) => ({
                traceId: `${tag}${randomBytes(15).toString('hex')}`,
                spanId: `${(i + 1).toString(16).padStart(16, '0')}`,
                name: 'GET /burst',
                kind: 2,
                startTimeUnixNano: String(now - (marked && i >= 50 && i < 100 ? 1_500_000_000n : 1_000_000n)),
                endTimeUnixNano: String(now),
                ...(marked && i < 50 ? { status: { code: 2 } } : {}),
              })),
            },
          ],
        },
      ],
    });
    const stored = async (tag: string) =>
      Number(
        (
          await db().$queryRawUnsafe<{ n: number | bigint }[]>(
            `SELECT COUNT(*) AS n FROM "TraceSpan" WHERE "traceId" LIKE '${tag}%'`,
          )
        )[0]?.n,
      );
    // 3,000 new traces at once: the first batch finds no history and is kept; they raise the rate to
    // 300 a second over the ten-second window, so the next 3,000 are kept at 100 ÷ 300.
    expect((await post(rx.url, JSON.stringify(burst('b1')), { 'content-type': 'application/json' })).status).toBe(200);
    expect(await stored('b1')).toBe(3_000);
    const second = await post(rx.url, JSON.stringify(burst('b2', true)), { 'content-type': 'application/json' });
    expect(second.status).toBe(200);
    expect(JSON.parse(second.body.toString())).not.toHaveProperty('partialSuccess.rejectedSpans');
    // The tail decision stores the errors and the slow ones over the limit without waiting (a write
    // of its own after the answer); the ordinary ones wait for their decision.
    const spansOf = async (where: string) =>
      Number(
        (
          await db().$queryRawUnsafe<{ n: number | bigint }[]>(
            `SELECT COUNT(*) AS n FROM "TraceSpan" WHERE "traceId" LIKE 'b2%' AND ${where}`,
          )
        )[0]?.n,
      );
    await expect.poll(() => spansOf('"status" = 2'), { timeout: 5_000 }).toBe(50);
    await expect.poll(() => spansOf('"durationUs" >= 1000000'), { timeout: 5_000 }).toBe(50);
    const kept = await spansOf('"status" <> 2 AND "durationUs" < 1000000');
    expect(kept).toBeGreaterThan(2_900 * 0.25);
    expect(kept).toBeLessThan(2_900 * 0.42);
    expect(tailBuffer().heldTraces).toBe(2_900 - kept);
    clearTailBuffer();
    expect(tailBuffer().heldTraces).toBe(0);
    put(TRACE_ARRIVALS, undefined); // the next provider's tests start without this burst's rate
  });
});
