import { describe, expect, it } from 'vitest';
import { latencyBand, layers, type MapSpan, MAX_SERVICES, serviceMap } from './service-map';

const span = (service: string, name: string, o: Partial<MapSpan> = {}): MapSpan => ({
  service,
  name,
  kind: 2,
  durationUs: 10_000,
  status: 0,
  parentService: null,
  hasParent: false,
  ...o,
});

describe('service map', () => {
  const spans = [
    ...Array.from({ length: 10 }, (_, i) => span('web', 'GET /', { durationUs: (i + 1) * 10_000 })),
    // web's client spans to api: same service as their parent, not requests of web
    ...Array.from({ length: 4 }, () => span('web', 'GET api', { kind: 3, hasParent: true, parentService: 'web' })),
    ...Array.from({ length: 4 }, (_, i) =>
      span('api', 'GET /items', {
        hasParent: true,
        parentService: 'web',
        status: i === 0 ? 2 : 0,
        durationUs: 600_000,
      }),
    ),
    // an internal span entered from another service counts as a request of it too
    span('worker', 'process', { kind: 1, hasParent: true, parentService: 'api' }),
  ];
  const map = serviceMap(spans, 10);

  it('counts the spans that enter each service, with rate, error rate and p95, per operation too', () => {
    expect(map.nodes.map((n) => [n.service, n.requests])).toEqual([
      ['web', 10],
      ['api', 4],
      ['worker', 1],
    ]);
    const web = map.nodes[0];
    expect(web?.ratePerSec).toBe(1);
    expect(web?.p95Ms).toBe(100);
    expect(web?.operations.map((o) => o.name)).toEqual(['GET /']);
    expect(map.nodes[1]?.errorRate).toBe(0.25);
  });

  it('draws an edge wherever a parent ran in another service', () => {
    expect(map.edges.map((e) => [e.from, e.to, e.requests, e.errorRate, e.p95Ms])).toEqual([
      ['web', 'api', 4, 0.25, 600],
      ['api', 'worker', 1, 0, 10],
    ]);
    expect(latencyBand(map.edges[0]?.p95Ms ?? 0)).toBe('very slow');
    expect([latencyBand(99), latencyBand(100), latencyBand(499)]).toEqual(['fast', 'slow', 'slow']);
  });

  it('says a service seen only calling has no measured latency, not a p95 of 0', () => {
    const m = serviceMap([span('api', 'GET /x', { hasParent: true, parentService: 'cron' })], 10);
    expect(m.nodes.find((n) => n.service === 'cron')).toMatchObject({ requests: 0, p95Ms: null });
    expect(latencyBand(null)).toBe('unmeasured');
  });

  it('places callers before callees, and survives a cycle', () => {
    expect(Object.fromEntries(layers(map))).toEqual({ web: 0, api: 1, worker: 2 });
    const cyc = serviceMap(
      [
        span('a', 'x', { hasParent: true, parentService: 'b' }),
        span('b', 'y', { hasParent: true, parentService: 'a' }),
      ],
      1,
    );
    expect([...layers(cyc).values()].sort()).toEqual([0, 1]);
  });

  it('keeps the busiest services when there are too many to draw', () => {
    const many = Array.from({ length: MAX_SERVICES + 5 }, (_, i) => span(`s${i}`, 'op'));
    const m = serviceMap(many, 1);
    expect(m.nodes).toHaveLength(MAX_SERVICES);
    expect(m.omitted).toBe(5);
  });
});
