// Cache-aside on the shared store (Redis or in-process), counting hits and misses per namespace
// (the part of the key before the first colon) into cache_requests_total, each lookup a span of
// the request it serves. Callers pass
// count=false where the collection toggle says not to (the settings cache decides for itself,
// since the toggle lives in the settings).
import { metrics } from '../metrics';
import { traceChild } from '../observability/context';
import { store } from '../redis';

export async function cached<T>(key: string, ttlMs: number, load: () => Promise<T>, count = true): Promise<T> {
  const cache = key.split(':')[0] ?? key;
  const started = performance.now();
  const hit = await store().get(`cache:${key}`);
  // The lookup as a span of the request (Redis's own command is one under it when Redis is used).
  traceChild(
    {
      name: `cache ${cache}`,
      kind: 1,
      attributes: { 'cache.namespace': cache, 'cache.hit': hit !== null, 'cache.store': store().mode },
    },
    performance.now() - started,
  );
  if (count) metrics().counter('cache_requests_total', 1, { cache, result: hit === null ? 'miss' : 'hit' });
  if (hit !== null) return JSON.parse(hit) as T; // what `cached` itself stored under this key
  const value = await load();
  await store().set(`cache:${key}`, JSON.stringify(value), ttlMs);
  return value;
}

export async function invalidate(key: string): Promise<void> {
  await store().del(`cache:${key}`);
}
