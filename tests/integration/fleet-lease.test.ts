// The fleet lease on a real Redis: a holder that stalls past its lease takes it again when nobody
// else did, and gives the fleet up when another instance took it — never two owners.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { FleetLease } from '@/lib/fleet/lease';
import { RedisStore } from '@/lib/redis/redis-store';
import { REDIS_URL } from '../helpers/databases';

const stores: RedisStore[] = [];
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
});

const TTL = 400;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function instance(prefix: string, name: string) {
  const store = new RedisStore({ url: REDIS_URL, keyPrefix: prefix, log: () => undefined });
  stores.push(store);
  expect(await store.ready(5_000)).toBe(true);
  const events: string[] = [];
  let running = false;
  const lease = new FleetLease(store, 'fleet:owner', name, TTL, {
    gained: async () => {
      running = true;
      events.push('gained');
    },
    lost: async () => {
      running = false;
      events.push('lost');
    },
  });
  return { lease, events, running: () => running };
}

describe('the fleet lease on Redis', () => {
  it('after a long stall of its holder, exactly one instance runs the fleet', async () => {
    const prefix = `redline-test:${randomUUID().slice(0, 8)}:`;
    const a = await instance(prefix, 'A');
    const b = await instance(prefix, 'B');
    await a.lease.tick();
    await b.lease.tick();
    expect([a.running(), b.running()]).toEqual([true, false]);
    // A stalls (a heap snapshot of its main thread) well past the lease; B keeps campaigning.
    for (let i = 0; i < 6; i++) {
      await wait(TTL / 2);
      await b.lease.tick();
    }
    expect(b.running()).toBe(true);
    // A wakes up: its renewal fails, the lease is B's, so A gives the fleet up.
    await a.lease.tick();
    expect([a.running(), b.running()]).toEqual([false, true]);
    expect(a.events).toEqual(['gained', 'lost']);
    expect(a.lease.state).toBe('free');
    // And they stay that way.
    for (let i = 0; i < 3; i++) {
      await wait(TTL / 2);
      await Promise.all([a.lease.tick(), b.lease.tick()]);
      expect([a.running(), b.running()]).toEqual([false, true]);
    }
  });

  it('a holder that stalled past its lease while alone takes it again and keeps its fleet', async () => {
    const prefix = `redline-test:${randomUUID().slice(0, 8)}:`;
    const a = await instance(prefix, 'A');
    await a.lease.tick();
    await wait(TTL * 3);
    await a.lease.tick();
    expect(a.running()).toBe(true);
    expect(a.events).toEqual(['gained']);
    expect(a.lease).toMatchObject({ state: 'held', detail: expect.stringMatching(/taken again/) });
  });
});
