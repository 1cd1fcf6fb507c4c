import { describe, expect, it } from 'vitest';
import { decodeJson, decodeProtobuf, encodeResponse, encodeTraceRequest, normalize, OtlpDecodeError } from './otlp';

const NOW_US = Date.UTC(2026, 11, 3, 12) * 1000;
const OLDEST_US = NOW_US - 7 * 86_400e6;
const ns = (us: number) => `${BigInt(us) * 1000n}`;
const T = '5b8efff798038103d269b633813fc60c';
const S = 'eee19b7ec3c1b174';
const P = 'eee19b7ec3c1b173';

function jsonRequest(spans: Record<string, unknown>[]) {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
        scopeSpans: [{ scope: { name: 'manual', version: '1.0' }, spans }],
      },
    ],
  };
}
const span = (over: Record<string, unknown> = {}) => ({
  traceId: T,
  spanId: S,
  parentSpanId: P,
  name: 'GET /cart',
  kind: 2,
  startTimeUnixNano: ns(NOW_US - 5_000),
  endTimeUnixNano: ns(NOW_US - 1_000),
  attributes: [
    { key: 'http.status_code', value: { intValue: '200' } },
    { key: 'user.tier', value: { stringValue: 'gold' } },
    { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }, { boolValue: true }] } } },
  ],
  events: [{ timeUnixNano: ns(NOW_US - 2_000), name: 'cache miss', attributes: [] }],
  status: { code: 2, message: 'boom' },
  ...over,
});

describe('OTLP/JSON', () => {
  it('becomes spans with hex ids, µs times, typed attributes and the resource service', () => {
    const { spans, rejected } = normalize(decodeJson(jsonRequest([span()])), NOW_US, OLDEST_US);
    expect(rejected).toBe(0);
    expect(spans[0]).toMatchObject({
      traceId: T,
      spanId: S,
      parentId: P,
      service: 'checkout',
      name: 'GET /cart',
      kind: 2,
      startUs: NOW_US - 5_000,
      durationUs: 4_000,
      status: 2,
      statusMessage: 'boom',
      attributes: { 'http.status_code': 200, 'user.tier': 'gold', tags: ['a', true] },
      scope: { name: 'manual', version: '1.0' },
    });
    expect(spans[0]?.events[0]).toMatchObject({ name: 'cache miss', timeUs: NOW_US - 2_000 });
  });

  it('rejects bad spans with their reasons and keeps the valid ones of the batch', () => {
    const bad = [
      span({ traceId: '00000000000000000000000000000000' }),
      span({ spanId: 'abc' }),
      span({ startTimeUnixNano: ns(NOW_US), endTimeUnixNano: ns(NOW_US - 10) }),
      span({ startTimeUnixNano: ns(NOW_US - 30 * 86_400e6), endTimeUnixNano: ns(NOW_US - 30 * 86_400e6 + 5) }),
      span({ startTimeUnixNano: 'yesterday' }),
      span({ spanId: 'eee19b7ec3c1b175' }),
    ];
    const out = normalize(decodeJson(jsonRequest(bad)), NOW_US, OLDEST_US);
    expect(out.spans.map((s) => s.spanId)).toEqual(['eee19b7ec3c1b175']);
    expect(out.rejected).toBe(5);
    expect(out.reasons.join(' ')).toMatch(/trace id.*span id.*end before start.*retention/);
  });

  it('caps attribute floods and long values', () => {
    const attributes = Array.from({ length: 1_000 }, (_, i) => ({
      key: `k${i}`,
      value: { stringValue: 'x'.repeat(10_000) },
    }));
    const { spans } = normalize(decodeJson(jsonRequest([span({ attributes })])), NOW_US, OLDEST_US);
    const attrs = Object.values(spans[0]?.attributes ?? {});
    expect(attrs).toHaveLength(128);
    expect(attrs.every((v) => typeof v === 'string' && v.length === 4_096)).toBe(true);
  });

  it('refuses what is not an export request', () => {
    expect(() => decodeJson([])).toThrow(OtlpDecodeError);
    expect(() => decodeJson({ resourceSpans: 'x' })).toThrow(OtlpDecodeError);
    expect(normalize(decodeJson({}), NOW_US, OLDEST_US).spans).toEqual([]);
  });
});

describe('OTLP protobuf', () => {
  it('decodes the official messages, 64-bit nanoseconds exactly to the µs', () => {
    const bytes = encodeTraceRequest({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: Buffer.from(T, 'hex'),
                  spanId: Buffer.from(S, 'hex'),
                  name: 'SELECT orders',
                  kind: 3,
                  startTimeUnixNano: ns(NOW_US - 900),
                  endTimeUnixNano: ns(NOW_US - 100),
                  attributes: [{ key: 'db.rows', value: { intValue: 42 } }],
                },
              ],
            },
          ],
        },
      ],
    });
    const { spans } = normalize(decodeProtobuf(bytes), NOW_US, OLDEST_US);
    expect(spans[0]).toMatchObject({
      traceId: T,
      spanId: S,
      parentId: null,
      service: 'api',
      kind: 3,
      startUs: NOW_US - 900,
      durationUs: 800,
      attributes: { 'db.rows': 42 },
    });
  });

  it('says a malformed body is malformed', () => {
    expect(() => decodeProtobuf(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 1, 2]))).toThrow(/malformed protobuf/);
  });

  it('answers partial success in either encoding', () => {
    expect(JSON.parse(encodeResponse(2, 'why', false) as string)).toEqual({
      partialSuccess: { rejectedSpans: '2', errorMessage: 'why' },
    });
    expect((encodeResponse(0, '', true) as Uint8Array).length).toBe(0);
  });
});
