// The one shared store of the process: Redis when configured, in-process otherwise.
import { config, redisUrlOf } from '../config';
import { MemoryStore } from './memory-store';
import { RedisStore } from './redis-store';
import type { SharedStore } from './types';

const slot = globalThis as typeof globalThis & { __redlineStore?: SharedStore };

export function createStore(url: string | undefined, keyPrefix: string): SharedStore {
  return url ? new RedisStore({ url, keyPrefix }) : new MemoryStore();
}

export function store(): SharedStore {
  if (!slot.__redlineStore) {
    const env = config();
    slot.__redlineStore = createStore(redisUrlOf(env), env.REDIS_KEY_PREFIX);
  }
  return slot.__redlineStore;
}

export async function closeStore(): Promise<void> {
  const s = slot.__redlineStore;
  slot.__redlineStore = undefined;
  await s?.close();
}

export type { SharedStore, StoreStatus } from './types';
