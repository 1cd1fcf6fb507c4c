// SharedStore on Redis (ioredis). Commands fail fast while Redis is away (no offline queue, short
// command timeout); ioredis reconnects by itself. Meanwhile the store reports `degraded` and falls
// back to the in-process store where that is safe (cache, rate limits, local pub/sub) and refuses
// locks, so no two instances believe they lead.
import { Redis } from 'ioredis';
import { traceChild } from '../observability/context';
import { MemoryStore } from './memory-store';
import type { SharedStore, StoreStatus, Unsubscribe } from './types';

// Renew/release only if the caller still owns the lock.
const RENEW =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const HIT =
  "local c = redis.call('incr', KEYS[1]) if c == 1 then redis.call('pexpire', KEYS[1], ARGV[1]) end return {c, redis.call('pttl', KEYS[1])}";

export interface RedisStoreOptions {
  url: string;
  keyPrefix: string;
  commandTimeoutMs?: number;
  log?: (message: string) => void;
}

export class RedisStore implements SharedStore {
  readonly mode = 'redis' as const;
  private readonly client: Redis;
  private subscriber?: Redis;
  private readonly fallback = new MemoryStore();
  private readonly handlers = new Map<string, Set<(m: string) => void>>();
  private degraded?: { since: Date; error: string };
  private everReady = false;
  private readonly log: (message: string) => void;

  constructor(private readonly opts: RedisStoreOptions) {
    this.log = opts.log ?? ((m) => console.warn(m));
    this.client = this.connect();
    this.client.on('ready', () => this.markUp());
  }

  private connect(): Redis {
    const c = new Redis(this.opts.url, {
      keyPrefix: this.opts.keyPrefix,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: this.opts.commandTimeoutMs ?? 1_000,
      connectTimeout: 2_000,
      retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 3_000),
      reconnectOnError: () => true,
    });
    c.on('error', (err: Error) => this.markDown(err));
    c.on('end', () => this.markDown(new Error('connection closed')));
    c.on('close', () => this.markDown(new Error('connection closed')));
    return c;
  }

  private markDown(err: Error): void {
    if (!this.degraded) {
      this.degraded = { since: new Date(), error: err.message.replace(/\/\/[^@/]*@/, '//***@') };
      this.log(`[redis] unavailable, serving degraded from in-process fallback: ${this.degraded.error}`);
    }
  }

  private markUp(): void {
    if (this.degraded) this.log('[redis] connection restored');
    this.degraded = undefined;
    this.everReady = true;
  }

  /**
   * Runs `op` on Redis; on failure marks degraded and answers with `fallback()`. Each command is a
   * client span of the request it serves, when that request is traced.
   */
  private async guarded<T>(command: string, op: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    if (this.client.status !== 'ready') {
      // The first connection still being set up is not an outage; a failed one reports itself.
      if (this.everReady || this.client.status !== 'connecting')
        this.markDown(new Error(`not connected (${this.client.status})`));
      return fallback();
    }
    const started = performance.now();
    const span = (error: boolean) =>
      traceChild(
        { name: `redis ${command}`, kind: 3, attributes: { 'db.system': 'redis', 'db.operation': command }, error },
        performance.now() - started,
      );
    try {
      const value = await op();
      span(false);
      return value;
    } catch (err) {
      span(true);
      this.markDown(err as Error);
      return fallback();
    }
  }

  get(key: string) {
    return this.guarded(
      'GET',
      () => this.client.get(key),
      () => this.fallback.get(key),
    );
  }

  set(key: string, value: string, ttlMs?: number) {
    return this.guarded(
      'SET',
      async () => {
        if (ttlMs) await this.client.set(key, value, 'PX', ttlMs);
        else await this.client.set(key, value);
      },
      () => this.fallback.set(key, value, ttlMs),
    );
  }

  del(key: string) {
    return this.guarded(
      'DEL',
      async () => void (await this.client.del(key)),
      () => this.fallback.del(key),
    );
  }

  hit(key: string, windowMs: number) {
    return this.guarded(
      'EVAL hit',
      async () => {
        const [count, ttl] = (await this.client.eval(HIT, 1, key, windowMs)) as [number, number];
        return { count, resetMs: ttl > 0 ? ttl : windowMs };
      },
      () => this.fallback.hit(key, windowMs),
    );
  }

  peek(key: string) {
    return this.guarded(
      'MULTI GET PTTL',
      async () => {
        const [[, count], [, ttl]] = (await this.client.multi().get(key).pttl(key).exec()) as [
          [unknown, string | null],
          [unknown, number],
        ];
        return { count: Number(count ?? 0), resetMs: ttl > 0 ? ttl : 0 };
      },
      () => this.fallback.peek(key),
    );
  }

  acquire(key: string, owner: string, ttlMs: number) {
    return this.guarded(
      'SET NX',
      async () => (await this.client.set(key, owner, 'PX', ttlMs, 'NX')) === 'OK',
      async () => false,
    );
  }

  renew(key: string, owner: string, ttlMs: number) {
    return this.guarded(
      'EVAL renew',
      async () => (await this.client.eval(RENEW, 1, key, owner, ttlMs)) === 1,
      async () => false,
    );
  }

  release(key: string, owner: string) {
    return this.guarded(
      'EVAL release',
      async () => void (await this.client.eval(RELEASE, 1, key, owner)),
      async () => undefined,
    );
  }

  publish(channel: string, message: string) {
    // While Redis is away, this instance's own subscribers still get the message.
    return this.guarded(
      'PUBLISH',
      async () => void (await this.client.publish(this.opts.keyPrefix + channel, message)),
      async () => this.deliver(channel, message),
    );
  }

  private deliver(channel: string, message: string): void {
    for (const h of this.handlers.get(channel) ?? []) h(message);
  }

  async subscribe(channel: string, onMessage: (message: string) => void): Promise<Unsubscribe> {
    if (!this.subscriber) {
      // A subscribed connection cannot run other commands; ioredis re-subscribes after reconnects.
      this.subscriber = new Redis(this.opts.url, {
        enableOfflineQueue: true,
        retryStrategy: (t) => Math.min(100 * 2 ** Math.min(t, 5), 3_000),
      });
      this.subscriber.on('error', () => undefined); // reported by the command client
      this.subscriber.on('message', (ch: string, msg: string) =>
        this.deliver(ch.slice(this.opts.keyPrefix.length), msg),
      );
    }
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      this.subscriber.subscribe(this.opts.keyPrefix + channel).catch((err: Error) => this.markDown(err));
    }
    set.add(onMessage);
    return async () => {
      set.delete(onMessage);
      if (set.size === 0) {
        this.handlers.delete(channel);
        await this.subscriber?.unsubscribe(this.opts.keyPrefix + channel).catch(() => undefined);
      }
    };
  }

  async ping() {
    const t0 = performance.now();
    if (this.client.status !== 'ready') throw new Error(`redis not connected (${this.client.status})`);
    await this.client.ping();
    return performance.now() - t0;
  }

  ready(timeoutMs: number): Promise<boolean> {
    if (this.client.status === 'ready') return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.client.off('ready', onReady);
        resolve(ok);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.client.on('ready', onReady);
    });
  }

  status(): StoreStatus {
    return this.degraded
      ? {
          mode: 'redis',
          state: 'degraded',
          lastError: this.degraded.error,
          degradedSince: this.degraded.since.toISOString(),
        }
      : { mode: 'redis', state: 'ok' };
  }

  async close() {
    this.client.disconnect();
    this.subscriber?.disconnect();
    await this.fallback.close();
  }
}
