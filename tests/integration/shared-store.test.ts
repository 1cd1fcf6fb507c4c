// The shared store on a real Redis and in-process: same behaviour, and Redis outages degrade
// instead of failing requests, then recover by themselves.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '@/lib/redis/memory-store';
import { RedisStore } from '@/lib/redis/redis-store';
import type { SharedStore } from '@/lib/redis/types';
import { REDIS_URL } from '../helpers/databases';
import { TcpProxy } from '../helpers/tcp-proxy';

const prefix = () => `redline-test:${randomUUID().slice(0, 8)}:`;
const quiet = () => undefined;
const stores: SharedStore[] = [];
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
});

async function ready(s: SharedStore): Promise<SharedStore> {
  stores.push(s);
  expect(await s.ready(5_000)).toBe(true);
  return s;
}

const backends: [string, () => Promise<{ a: SharedStore; b: SharedStore }>][] = [
  [
    'redis',
    async () => {
      const p = prefix();
      return {
        a: await ready(new RedisStore({ url: REDIS_URL, keyPrefix: p, log: quiet })),
        b: await ready(new RedisStore({ url: REDIS_URL, keyPrefix: p, log: quiet })),
      };
    },
  ],
  [
    'memory',
    async () => {
      const m = await ready(new MemoryStore());
      return { a: m, b: m };
    },
  ],
];

describe.each(backends)('shared store (%s)', (_name, make) => {
  it('gets, sets with expiry and deletes', async () => {
    const { a, b } = await make();
    await a.set('k', 'v');
    expect(await b.get('k')).toBe('v');
    await a.set('ttl', 'x', 80);
    expect(await b.get('ttl')).toBe('x');
    await new Promise((r) => setTimeout(r, 150));
    expect(await b.get('ttl')).toBeNull();
    await a.del('k');
    expect(await b.get('k')).toBeNull();
  });

  it('counts hits in a shared fixed window', async () => {
    const { a, b } = await make();
    await a.hit('rl', 1_000);
    await b.hit('rl', 1_000);
    const third = await a.hit('rl', 1_000);
    expect(third.count).toBe(3);
    expect((await b.peek('rl')).count).toBe(3); // peeking does not count
    expect((await b.peek('rl')).count).toBe(3);
    expect(await b.peek('never')).toEqual({ count: 0, resetMs: 0 });
    expect(third.resetMs).toBeGreaterThan(0);
    expect(third.resetMs).toBeLessThanOrEqual(1_000);
  });

  it('gives a lock to one owner at a time; only the owner renews or releases it', async () => {
    const { a, b } = await make();
    expect(await a.acquire('lock', 'A', 5_000)).toBe(true);
    expect(await b.acquire('lock', 'B', 5_000)).toBe(false);
    expect(await b.renew('lock', 'B', 5_000)).toBe(false);
    await b.release('lock', 'B');
    expect(await b.acquire('lock', 'B', 5_000)).toBe(false);
    expect(await a.renew('lock', 'A', 5_000)).toBe(true);
    await a.release('lock', 'A');
    expect(await b.acquire('lock', 'B', 100)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(await a.acquire('lock', 'A', 5_000)).toBe(true); // expired
  });

  it('delivers published messages to subscribers on another connection', async () => {
    const { a, b } = await make();
    const got: string[] = [];
    const off = await b.subscribe('live', (m) => got.push(m));
    await new Promise((r) => setTimeout(r, 100)); // the SUBSCRIBE reaches Redis
    await a.publish('live', 'one');
    await a.publish('other', 'ignored');
    for (let i = 0; i < 40 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(got).toEqual(['one']);
    await off();
  });
});

describe('Redis going away at run time', () => {
  it('fails fast, degrades to the in-process fallback, refuses locks, and reconnects by itself', async () => {
    const proxy = new TcpProxy(Number(new URL(REDIS_URL).port || 6379));
    const port = await proxy.start();
    const logs: string[] = [];
    const store = await ready(
      new RedisStore({ url: `redis://127.0.0.1:${port}`, keyPrefix: prefix(), log: (m) => logs.push(m) }),
    );
    await store.set('k', 'from-redis');
    expect(store.status()).toEqual({ mode: 'redis', state: 'ok' });
    expect(logs).toEqual([]); // connecting at start is not an outage

    await proxy.stop();
    const t0 = performance.now();
    expect(await store.get('k')).toBeNull(); // the fallback does not have it; no exception
    const hit = await store.hit('rl', 60_000);
    expect(await store.acquire('leader', 'me', 5_000)).toBe(false);
    const elapsed = performance.now() - t0;
    expect(elapsed).toBeLessThan(1_500); // no queueing for seconds
    expect(hit.count).toBe(1);
    expect(store.status()).toMatchObject({ mode: 'redis', state: 'degraded' });
    expect(logs.some((l) => l.includes('unavailable'))).toBe(true);

    await proxy.start(port);
    for (let i = 0; i < 100 && store.status().state !== 'ok'; i++) await new Promise((r) => setTimeout(r, 100));
    expect(store.status().state).toBe('ok');
    expect(await store.get('k')).toBe('from-redis');
    expect(logs.some((l) => l.includes('restored'))).toBe(true);
    await store.del('k'); // leave nothing behind in the shared Redis
    await proxy.stop();
  });
});
