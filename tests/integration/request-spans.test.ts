// A traced request's own work as child spans: each Redis command (a real Redis), each outbound
// HTTP call (a real local listener), each cache lookup with hit or miss.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { cached } from '@/lib/cache';
import { guardedRequest } from '@/lib/net/guarded-fetch';
import { AddressPolicy } from '@/lib/net/address-policy';
import { runAs, type SelfTrace } from '@/lib/observability/context';
import { RedisStore } from '@/lib/redis/redis-store';
import { REDIS_URL } from '../helpers/databases';
import { httpListener } from '../helpers/listeners';

const trace = (): SelfTrace => ({
  traceId: 'a'.repeat(32),
  spanId: 'b'.repeat(16),
  parentId: null,
  startUs: 0,
  children: [],
});

describe('spans of a request’s own calls', () => {
  const redis = new RedisStore({
    url: REDIS_URL,
    keyPrefix: `redline-test:${randomUUID().slice(0, 8)}:`,
    log: () => undefined,
  });
  afterAll(() => redis.close());

  it('makes each Redis command a client span, and none outside a traced request', async () => {
    expect(await redis.ready(5_000)).toBe(true);
    const t = trace();
    await runAs({ route: '/api/x', trace: t }, async () => {
      await redis.set('k', 'v', 10_000);
      expect(await redis.get('k')).toBe('v');
      await redis.hit('rate', 1_000);
    });
    expect(t.children.map((c) => [c.name, c.kind, c.attributes['db.system']])).toEqual([
      ['redis SET', 3, 'redis'],
      ['redis GET', 3, 'redis'],
      ['redis EVAL hit', 3, 'redis'],
    ]);
    expect(t.children.every((c) => c.durationUs >= 0 && !c.error)).toBe(true);
    await redis.get('k'); // no trace: nothing to add to, nothing thrown
  });

  it('makes an outbound request a client span with its status, without the query', async () => {
    const listener = await httpListener([503]);
    try {
      const t = trace();
      const policy = new AddressPolicy(['127.0.0.0/8']);
      const r = await runAs({ route: '/api/x', trace: t }, () =>
        guardedRequest(`${listener.url}?token=secret`, { policy, hosts: 'any', timeoutMs: 5_000, maxBytes: 1_000 }),
      );
      expect(r.status).toBe(503);
      expect(t.children).toHaveLength(1);
      expect(t.children[0]).toMatchObject({
        name: expect.stringMatching(/^GET 127\.0\.0\.1:\d+$/),
        kind: 3,
        error: true,
        attributes: { 'http.request.method': 'GET', 'http.response.status_code': 503, 'server.address': '127.0.0.1' },
      });
      expect(String(t.children[0]?.attributes['url.full'])).not.toContain('secret');
    } finally {
      await listener.close();
    }
  });

  it('makes each cache lookup a span that says hit or miss', async () => {
    const t = trace();
    const key = `spans:${randomUUID()}`;
    await runAs({ route: '/api/x', trace: t }, async () => {
      await cached(key, 10_000, async () => 1, false);
      await cached(key, 10_000, async () => 2, false);
    });
    const lookups = t.children.filter((c) => c.name === 'cache spans');
    expect(lookups.map((c) => c.attributes['cache.hit'])).toEqual([false, true]);
  });
});
