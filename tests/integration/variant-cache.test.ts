// The variant cache on a real directory: least recently used variants go first once the size cap
// is passed, a hit counts as use, and an earlier run's files are found again.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VariantCache } from '@/lib/images/variant-cache';

const dir = mkdtempSync(path.join(os.tmpdir(), 'redline-variants-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const key = (n: number) => VariantCache.key(`source-${n}`, 'w100');
const bytes = (n: number) => async () => Buffer.alloc(400, n);
const files = () => readdirSync(dir, { recursive: true }).filter((f) => /[0-9a-f]{64}$/.test(String(f))).length;

describe('VariantCache', () => {
  it('evicts the least recently used variant past the size cap, counting hits as use', async () => {
    const cache = new VariantCache(dir, 1_000); // room for two 400-byte variants
    await cache.getOrCreate(key(1), bytes(1));
    await cache.getOrCreate(key(2), bytes(2));
    expect((await cache.getOrCreate(key(1), bytes(9))).cached).toBe(true); // 1 is now the most recent
    await cache.getOrCreate(key(3), bytes(3)); // over the cap: 2 goes
    expect(await cache.stats()).toMatchObject({ variants: 2, bytes: 800 });
    expect(files()).toBe(2);
    expect((await cache.getOrCreate(key(1), bytes(9))).bytes[0]).toBe(1);
    expect((await cache.getOrCreate(key(2), bytes(2))).cached).toBe(false); // encoded again

    // A new process finds what is on disk, oldest first.
    const again = new VariantCache(dir, 1_000);
    expect((await again.stats()).variants).toBe(2);
    expect((await again.getOrCreate(key(2), bytes(7))).cached).toBe(true);
    expect(await again.invalidate([key(2), key(99)])).toBe(1);
    expect((await again.stats()).variants).toBe(1);
  });
});
