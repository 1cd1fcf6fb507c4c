// The one shared store of the process: Redis when configured, in-process otherwise.
import { config, redisUrlOf } from '../config';
import { once, peek, put, slot } from '../process/registry';
import { MemoryStore } from './memory-store';
import { RedisStore } from './redis-store';
import type { SharedStore } from './types';

/** Redis or the in-process store */
export const STORE = slot<SharedStore>('store');

export function createStore(url: string | undefined, keyPrefix: string): SharedStore {
  return url ? new RedisStore({ url, keyPrefix }) : new MemoryStore();
}

export function store(): SharedStore {
  return once(STORE, () => {
    const env = config();
    return createStore(redisUrlOf(env), env.REDIS_KEY_PREFIX);
  });
}

export async function closeStore(): Promise<void> {
  const s = peek(STORE);
  put(STORE, undefined);
  await s?.close();
}

export type { SharedStore, StoreStatus } from './types';
