import { describe, expect, it } from 'vitest';
import { normalize, OtlpDecodeError } from './otlp';
import { decodeZipkin } from './zipkin';

const now = Date.now() * 1000;
const spans = [
  {
    traceId: '5af7183fb1d4cf5f',
    id: '6b221d5bc9e6496c',
    name: 'get /api',
    kind: 'SERVER',
    timestamp: now - 10_000,
    duration: 8_000,
    localEndpoint: { serviceName: 'frontend', ipv4: '10.0.0.1' },
    tags: { 'http.method': 'GET', error: 'upstream timed out' },
    annotations: [{ timestamp: now - 9_000, value: 'wr' }],
  },
  {
    traceId: '5af7183fb1d4cf5f',
    parentId: '6b221d5bc9e6496c',
    id: '352bff9a74ca9ad2',
    name: 'query',
    kind: 'CLIENT',
    timestamp: now - 9_500,
    duration: 2_000,
    localEndpoint: { serviceName: 'frontend' },
    remoteEndpoint: { serviceName: 'postgres', ipv4: '10.0.0.9', port: 5432 },
  },
  // Zipkin v1's shared span: the server side of the client call above, same id.
  {
    traceId: '5af7183fb1d4cf5f',
    parentId: '6b221d5bc9e6496c',
    id: '352bff9a74ca9ad2',
    name: 'query',
    kind: 'SERVER',
    shared: true,
    timestamp: now - 9_400,
    duration: 1_500,
    localEndpoint: { serviceName: 'postgres' },
  },
];

describe('Zipkin v2 JSON', () => {
  it('reads spans as OTLP ones: padded trace ids, kinds, tags, annotations, error tag, endpoints', () => {
    const n = normalize(decodeZipkin(spans), now, now - 86_400e6);
    expect(n.rejected).toBe(0);
    const [server, client, shared] = n.spans;
    expect(server).toMatchObject({
      traceId: '00000000000000005af7183fb1d4cf5f',
      spanId: '6b221d5bc9e6496c',
      parentId: null,
      service: 'frontend',
      kind: 2,
      durationUs: 8_000,
      status: 2,
      statusMessage: 'upstream timed out',
      attributes: { 'http.method': 'GET' },
    });
    expect(server?.events).toEqual([{ timeUs: now - 9_000, name: 'wr', attributes: {} }]);
    expect(client).toMatchObject({
      kind: 3,
      parentId: '6b221d5bc9e6496c',
      attributes: { 'peer.service': 'postgres', 'server.address': '10.0.0.9', 'server.port': 5432 },
    });
    // The shared server span gets an id of its own, under the client span.
    expect(shared?.service).toBe('postgres');
    expect(shared?.parentId).toBe('352bff9a74ca9ad2');
    expect(shared?.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(shared?.spanId).not.toBe('352bff9a74ca9ad2');
  });

  it('keeps microseconds exact where their nanoseconds pass a double’s exact integers', () => {
    const at = 1_796_676_436_682_000; // × 1,000 as a double reads back as …681,999 µs
    const [s] = normalize(
      decodeZipkin([
        {
          traceId: 'ab'.repeat(8),
          id: 'cd'.repeat(8),
          timestamp: at,
          duration: 5,
          annotations: [{ timestamp: at, value: 'x' }],
        },
      ]),
      at + 1_000_000,
      at - 86_400e6,
    ).spans;
    expect(s?.startUs).toBe(at);
    expect(s?.durationUs).toBe(5);
    expect(s?.events[0]?.timeUs).toBe(at);
  });

  it('refuses what is not a span list, and leaves bad ids to span-by-span validation', () => {
    expect(() => decodeZipkin({ spans: [] })).toThrow(OtlpDecodeError);
    expect(() => decodeZipkin([{ id: 'x' }])).toThrow(/traceId/);
    const n = normalize(
      decodeZipkin([{ traceId: 'zz', id: '0000000000000000', timestamp: now, duration: 1 }]),
      now,
      now - 86_400e6,
    );
    expect(n.rejected).toBe(1);
  });
});
