import { describe, expect, it } from 'vitest';
import { AdmissionControl, classify } from './admission';

describe('classify', () => {
  it.each([
    ['GET', '/api/ping', 'health'],
    ['GET', '/api/health?x=1', 'health'],
    ['GET', '/_next/static/chunks/a.js', 'static'],
    ['POST', '/api/ingest/metrics', 'ingest'],
    ['GET', '/api/ingest/metrics', 'api'],
    ['GET', '/d/photos/a.jpg?sig=x', 'delivery'],
    ['POST', '/api/optimization/images', 'image'],
    ['GET', '/api/optimization/images?action=optimize&src=/a.jpg', 'delivery'],
    ['HEAD', '/api/optimization/images?action=optimize&src=/a.jpg', 'delivery'],
    ['GET', '/api/optimization/images/upload', 'image'],
    ['GET', '/api/metrics/series?name=x', 'heavy'],
    ['GET', '/api/performance/metrics/realtime', 'stream'],
    ['GET', '/performance/overview?range=1h', 'page'],
    ['GET', '/api/users', 'api'],
  ])('%s %s → %s', (method, url, cls) => {
    expect(classify(method, url)).toBe(cls);
  });
});

describe('AdmissionControl', () => {
  const limits = { page: { concurrency: 2, queue: 1 } };

  it('admits up to the limit, queues up to the queue, refuses the rest at once', () => {
    const a = new AdmissionControl(limits);
    const releases: (() => void)[] = [];
    const refused: number[] = [];
    const ask = () =>
      a.request(
        'page',
        0,
        (r) => releases.push(r),
        (s) => refused.push(s),
      );
    expect([ask(), ask(), ask(), ask()]).toEqual(['admitted', 'admitted', 'queued', 'refused']);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeGreaterThanOrEqual(1);
    releases[0]?.();
    expect(releases).toHaveLength(3); // the queued one got the slot
    expect(a.stats().inFlight.page).toBe(2);
    releases[0]?.(); // releasing twice does nothing
    expect(a.stats().inFlight.page).toBe(2);
  });

  it('never makes health checks wait', () => {
    const a = new AdmissionControl({ page: { concurrency: 0, queue: 0 } });
    let ok = 0;
    for (let i = 0; i < 100; i++)
      a.request(
        'health',
        0,
        () => ok++,
        () => undefined,
      );
    expect(ok).toBe(100);
  });

  it('refuses queued requests that waited too long, and bodies past the memory budget', () => {
    let t = 0;
    const a = new AdmissionControl(
      { page: { concurrency: 1, queue: 5 }, ingest: { concurrency: 10, queue: 0 } },
      1_000,
      100,
      () => t,
    );
    const refused: string[] = [];
    a.request(
      'page',
      0,
      () => undefined,
      () => refused.push('first'),
    );
    a.request(
      'page',
      0,
      () => undefined,
      () => refused.push('waiting'),
    );
    t = 150;
    a.sweep();
    expect(refused).toEqual(['waiting']);
    expect(
      a.request(
        'ingest',
        800,
        () => undefined,
        () => refused.push('a'),
      ),
    ).toBe('admitted');
    expect(
      a.request(
        'ingest',
        300,
        () => undefined,
        () => refused.push('b'),
      ),
    ).toBe('refused');
    expect(a.stats().bodyBytes).toBe(800);
  });

  it('refuses instead of queueing bulk work while the event loop runs late, but always fills a free slot', () => {
    let lag = 100;
    const limits = { ingest: { concurrency: 1, queue: 5 }, api: { concurrency: 1, queue: 5 } };
    // A backlog as long as the concurrency must already wait before lateness refuses.
    const a = new AdmissionControl(limits, undefined, undefined, undefined, () => lag);
    const say = (cls: 'ingest' | 'api' | 'health') =>
      a.request(
        cls,
        0,
        () => undefined,
        () => undefined,
      );
    expect([say('ingest'), say('ingest'), say('ingest'), say('api'), say('api'), say('health')]).toEqual([
      'admitted',
      'queued',
      'refused',
      'admitted',
      'queued',
      'admitted',
    ]);
    lag = 5;
    expect(say('ingest')).toBe('queued');
  });

  it('gives a class fewer slots while the event loop runs late, and gives them back once it is on time', () => {
    let lag = 100;
    const a = new AdmissionControl({ page: { concurrency: 8, queue: 50 } }, undefined, undefined, undefined, () => lag);
    const releases: (() => void)[] = [];
    for (let i = 0; i < 8; i++)
      a.request(
        'page',
        0,
        (r) => releases.push(r),
        () => undefined,
      );
    a.sweep();
    expect(a.concurrencyOf('page')).toBe(5);
    for (const r of releases.splice(0)) r();
    expect(
      a.request(
        'page',
        0,
        (r) => releases.push(r),
        () => undefined,
      ),
    ).toBe('admitted');
    lag = 0;
    a.sweep();
    a.sweep();
    a.sweep();
    expect(a.concurrencyOf('page')).toBe(8);
  });
});
