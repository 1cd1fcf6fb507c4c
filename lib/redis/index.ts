// The one shared store of the process: Redis when configured, in-process otherwise.
import { config, redisUrlOf } from '../config';
import { once, peek, put } from '../process/registry';
import { MemoryStore } from './memory-store';
import { RedisStore } from './redis-store';
import type { SharedStore } from './types';

export function createStore(url: string | undefined, keyPrefix: string): SharedStore {
  return url ? new RedisStore({ url, keyPrefix }) : new MemoryStore();
}

export function store(): SharedStore {
  return once('store', () => {
    const env = config();
    return createStore(redisUrlOf(env), env.REDIS_KEY_PREFIX);
  });
}

export async function closeStore(): Promise<void> {
  const s = peek('store');
  put('store', undefined);
  await s?.close();
}

export type { SharedStore, StoreStatus } from './types';
