import { describe, expect, it } from 'vitest';
import { BODY_CHARS, decodeLogsJson, decodeLogsProtobuf, encodeLogsRequest, normalizeLogs } from './otlp-logs';
import { severityName } from './severity';

const nowUs = Date.now() * 1000;
const ns = String(BigInt(Date.now()) * 1_000_000n);

describe('OTLP log records', () => {
  it('decode the same from protobuf and JSON', () => {
    const traceId = Buffer.from('ab'.repeat(16), 'hex');
    const spanId = Buffer.from('cd'.repeat(8), 'hex');
    const pb = encodeLogsRequest({
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] },
          scopeLogs: [
            {
              logRecords: [
                {
                  timeUnixNano: ns,
                  severityNumber: 17,
                  severityText: 'ERROR',
                  body: { stringValue: 'boom' },
                  traceId,
                  spanId,
                },
              ],
            },
          ],
        },
      ],
    });
    const fromPb = normalizeLogs(decodeLogsProtobuf(pb), nowUs, 0);
    const fromJson = normalizeLogs(
      decodeLogsJson({
        resourceLogs: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] },
            scopeLogs: [
              {
                logRecords: [
                  {
                    timeUnixNano: ns,
                    severityNumber: 17,
                    severityText: 'ERROR',
                    body: { stringValue: 'boom' },
                    traceId: 'AB'.repeat(16),
                    spanId: 'cd'.repeat(8),
                  },
                ],
              },
            ],
          },
        ],
      }),
      nowUs,
      0,
    );
    expect(fromPb.logs).toEqual(fromJson.logs);
    expect(fromPb.logs[0]).toMatchObject({
      service: 'api',
      traceId: 'ab'.repeat(16),
      spanId: 'cd'.repeat(8),
      severityNumber: 17,
      body: 'boom',
    });
  });

  it('take the observed time when the record has none, drop a span id without a trace, and clip long bodies', () => {
    const out = normalizeLogs(
      decodeLogsJson({
        resourceLogs: [
          {
            scopeLogs: [
              {
                logRecords: [
                  {
                    observedTimeUnixNano: ns,
                    spanId: 'cd'.repeat(8),
                    body: { stringValue: 'x'.repeat(BODY_CHARS + 10) },
                  },
                  { timeUnixNano: ns, severityNumber: 99 },
                ],
              },
            ],
          },
        ],
      }),
      nowUs,
      0,
    );
    expect(out.rejected).toBe(0);
    expect(out.logs[0]).toMatchObject({ service: 'unknown_service', traceId: null, spanId: null });
    expect(out.logs[0]?.body).toHaveLength(BODY_CHARS);
    expect(out.logs[0]?.timeUs).toBe(Math.floor(Number(BigInt(ns) / 1000n)));
    expect(out.logs[1]?.severityNumber).toBe(0); // out of OTLP's range: unset
  });

  it('name severities by OTLP ranges', () => {
    expect([0, 1, 5, 9, 13, 17, 21, 24].map(severityName)).toEqual([
      'UNSET',
      'TRACE',
      'DEBUG',
      'INFO',
      'WARN',
      'ERROR',
      'FATAL',
      'FATAL',
    ]);
  });
});
