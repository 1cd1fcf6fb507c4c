// Encoded variants on disk, keyed by source content hash + resolved transform, with a size cap
// and least-recently-used eviction. Concurrent requests for the same variant share one encode.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

interface Entry {
  file: string;
  size: number;
}

export class VariantCache {
  /** Map order is recency: a hit moves the entry to the end; eviction takes from the front. */
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<Buffer>>();
  private total = 0;
  private loaded?: Promise<void>;
  hits = 0;
  misses = 0;

  constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
  ) {}

  static key(sourceHash: string, transformKey: string): string {
    return createHash('sha256').update(`${sourceHash}\n${transformKey}`).digest('hex');
  }

  private fileOf(key: string): string {
    return path.join(this.dir, key.slice(0, 2), key);
  }

  /** What is already on disk (from an earlier run), oldest first. */
  private load(): Promise<void> {
    this.loaded ??= (async () => {
      await fs.mkdir(this.dir, { recursive: true });
      const found: { key: string; file: string; size: number; atime: number }[] = [];
      for (const sub of await fs.readdir(this.dir)) {
        const d = path.join(this.dir, sub);
        const names = await fs.readdir(d).catch(() => [] as string[]);
        for (const key of names) {
          if (!/^[0-9a-f]{64}$/.test(key)) continue;
          const s = await fs.stat(path.join(d, key)).catch(() => undefined);
          if (s?.isFile()) found.push({ key, file: path.join(d, key), size: s.size, atime: s.mtimeMs });
        }
      }
      found.sort((a, b) => a.atime - b.atime);
      for (const f of found) this.remember(f.key, { file: f.file, size: f.size });
    })();
    return this.loaded;
  }

  private remember(key: string, e: Entry): void {
    const old = this.entries.get(key);
    if (old) this.total -= old.size;
    this.entries.delete(key);
    this.entries.set(key, e);
    this.total += e.size;
  }

  /** The cached bytes, or encode() once however many callers ask at the same time. */
  async getOrCreate(key: string, encode: () => Promise<Buffer>): Promise<{ bytes: Buffer; cached: boolean }> {
    await this.load();
    const hit = this.entries.get(key);
    if (hit) {
      const bytes = await fs.readFile(hit.file).catch(() => undefined);
      if (bytes) {
        this.remember(key, hit);
        this.hits++;
        return { bytes, cached: true };
      }
      this.forget(key);
    }
    const running = this.inflight.get(key);
    if (running) return { bytes: await running, cached: true };
    const job = (async () => {
      const bytes = await encode();
      const file = this.fileOf(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await fs.writeFile(tmp, bytes);
      await fs.rename(tmp, file); // readers never see a half-written variant
      this.remember(key, { file, size: bytes.length });
      await this.evict();
      return bytes;
    })();
    this.inflight.set(key, job);
    this.misses++;
    try {
      return { bytes: await job, cached: false };
    } finally {
      this.inflight.delete(key);
    }
  }

  private forget(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.total -= e.size;
    this.entries.delete(key);
  }

  private async evict(): Promise<void> {
    for (const [key, e] of this.entries) {
      if (this.total <= this.maxBytes) return;
      this.forget(key);
      await fs.rm(e.file, { force: true });
    }
  }

  async invalidate(keys: Iterable<string>): Promise<number> {
    await this.load();
    let n = 0;
    for (const key of keys) {
      const e = this.entries.get(key);
      if (!e) continue;
      this.forget(key);
      await fs.rm(e.file, { force: true });
      n++;
    }
    return n;
  }

  async stats(): Promise<{ variants: number; bytes: number; maxBytes: number; hits: number; misses: number }> {
    await this.load();
    return {
      variants: this.entries.size,
      bytes: this.total,
      maxBytes: this.maxBytes,
      hits: this.hits,
      misses: this.misses,
    };
  }
}
