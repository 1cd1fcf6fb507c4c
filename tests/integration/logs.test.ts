// OTLP logs on a real database, sent by the stock OpenTelemetry JS SDK's protobuf exporter from
// inside a span: the records arrive linked to the trace and span, on both databases; JSON works
// too, a retried batch is stored once, and bad records are refused by name while the rest are kept.
import '../helpers/open-loopback';
import { context, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, switchDatabase } from '@/lib/db';
import { applyMigrations } from '@/lib/db/migrate';
import { applyLogRetention, searchLogs, traceLogs } from '@/lib/tracing/log-store';
import { receiveLogs } from '@/lib/tracing/receiver';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../helpers/databases';
import { webListener } from '../helpers/web-handler';

const json = (url: string, body: unknown, type = 'application/json') =>
  fetch(`${url}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe.each(PROVIDERS)('OTLP logs on %s', (provider) => {
  let tdb: TestDatabase;
  let rx: Awaited<ReturnType<typeof webListener>>;
  beforeAll(async () => {
    tdb = await createTestDatabase(provider);
    await applyMigrations(tdb.target);
    await switchDatabase(tdb.target);
    rx = await webListener(receiveLogs);
  });
  afterAll(async () => {
    await rx.close();
    await closeDatabase();
    await tdb.drop();
  });

  it('takes the stock SDK’s protobuf export, each record linked to the span it was written in', async () => {
    const resource = resourceFromAttributes({ 'service.name': `checkout-${provider}` });
    const logs = new LoggerProvider({
      resource,
      processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${rx.url}/v1/logs` }) })],
    });
    const tracer = new NodeTracerProvider({ resource }).getTracer('web');
    const logger = logs.getLogger('web');
    const span = tracer.startSpan('POST /checkout');
    const ctx = trace.setSpan(context.active(), span);
    logger.emit({
      context: ctx,
      severityNumber: SeverityNumber.INFO,
      severityText: 'INFO',
      body: 'cart loaded',
      attributes: { 'cart.items': 3 },
    });
    logger.emit({ context: ctx, severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', body: 'card declined' });
    span.end();
    await logs.forceFlush();
    const { traceId, spanId } = span.spanContext();
    // The SDK's flush does not wait for the export's answer (the first one also starts the decode threads).
    await expect.poll(async () => (await traceLogs(traceId)).logs.length, { timeout: 10_000 }).toBe(2);
    const stored = await traceLogs(traceId);
    expect(stored.truncated).toBe(false);
    // Both records carry the same millisecond: by severity.
    stored.logs.sort((a, b) => a.severityNumber - b.severityNumber);
    expect(stored.logs.map((l) => [l.body, l.severityNumber, l.severityText, l.spanId, l.service])).toEqual([
      ['cart loaded', 9, 'INFO', spanId, `checkout-${provider}`],
      ['card declined', 17, 'ERROR', spanId, `checkout-${provider}`],
    ]);
    expect(stored.logs[0]?.attributes).toEqual({ 'cart.items': 3 });
    const errors = await searchLogs({
      service: `checkout-${provider}`,
      minSeverity: 17,
      fromUs: 0,
      toUs: Date.now() * 1000 + 1e6,
      limit: 10,
    });
    expect(errors.logs.map((l) => l.body)).toEqual(['card declined']);
    await logs.shutdown();
  });

  it('takes OTLP/JSON, stores a retried batch once, and refuses bad records by name while keeping the rest', async () => {
    const nowNs = String(BigInt(Date.now()) * 1_000_000n);
    const record = (body: string, extra: Record<string, unknown> = {}) => ({
      timeUnixNano: nowNs,
      severityNumber: 13,
      body: { stringValue: body },
      ...extra,
    });
    const batch = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: `jobs-${provider}` } }] },
          scopeLogs: [
            {
              logRecords: [
                record('queue slow', { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8) }),
                record('no time', { timeUnixNano: '0' }),
                record('bad trace', { traceId: 'xyz' }),
                record(`kv body`, { body: { kvlistValue: { values: [{ key: 'a', value: { intValue: '1' } }] } } }),
              ],
            },
          ],
        },
      ],
    };
    for (let i = 0; i < 2; i++) {
      const res = await json(rx.url, batch);
      expect(res.status).toBe(200);
      const answer = await res.json();
      expect(answer.partialSuccess.rejectedLogRecords).toBe('2');
      expect(answer.partialSuccess.errorMessage).toMatch(/no timestamp/);
      expect(answer.partialSuccess.errorMessage).toMatch(/trace id/);
    }
    const found = await searchLogs({
      service: `jobs-${provider}`,
      fromUs: 0,
      toUs: Date.now() * 1000 + 1e6,
      limit: 10,
    });
    expect(found.logs.map((l) => l.body).sort()).toEqual(['queue slow', '{"a":1}']);
    const text = await searchLogs({ text: 'queue', fromUs: 0, toUs: Date.now() * 1000 + 1e6, limit: 10 });
    expect(text.logs.map((l) => l.traceId)).toEqual(['ab'.repeat(16)]);
    // A LIKE wildcard in the text is a literal: nothing has a percent sign.
    expect((await searchLogs({ text: '%', fromUs: 0, toUs: Date.now() * 1000 + 1e6, limit: 10 })).logs).toEqual([]);
    expect((await json(rx.url, '{"resourceLogs": 5}')).status).toBe(400);
    expect((await json(rx.url, 'not json')).status).toBe(400);
    expect((await json(rx.url, batch, 'text/plain')).status).toBe(415);
    const pb = await fetch(`${rx.url}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: new Uint8Array([0x0a, 0xff, 0xff]),
    });
    expect(pb.status).toBe(400);
    expect(pb.headers.get('content-type')).toBe('application/x-protobuf');
  });

  it('deletes records past the retention', async () => {
    const far = Date.now() + 30 * 86_400_000;
    expect(await applyLogRetention(far)).toBeGreaterThan(0);
    expect((await searchLogs({ fromUs: 0, toUs: far * 1000, limit: 10 })).logs).toEqual([]);
  });
});
