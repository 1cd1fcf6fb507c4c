// In-process SharedStore: the embedded default, and the fallback while Redis is unreachable.
import { EventEmitter } from 'node:events';
import type { SharedStore, StoreStatus, Unsubscribe } from './types';

interface Entry {
  value: string;
  expiresAt: number; // Infinity when no TTL
}

export class MemoryStore implements SharedStore {
  readonly mode = 'memory' as const;
  private readonly data = new Map<string, Entry>();
  private readonly bus = new EventEmitter();
  private sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    this.bus.setMaxListeners(0);
    // Expired keys are dropped lazily on read; the sweep bounds memory for keys never read again.
    this.sweeper = setInterval(() => this.sweep(), 30_000);
    this.sweeper.unref();
  }

  private live(key: string): Entry | undefined {
    const e = this.data.get(key);
    if (e && e.expiresAt <= this.now()) {
      this.data.delete(key);
      return undefined;
    }
    return e;
  }

  private sweep(): void {
    const t = this.now();
    for (const [k, e] of this.data) if (e.expiresAt <= t) this.data.delete(k);
  }

  async get(key: string) {
    return this.live(key)?.value ?? null;
  }

  async set(key: string, value: string, ttlMs?: number) {
    this.data.set(key, { value, expiresAt: ttlMs ? this.now() + ttlMs : Number.POSITIVE_INFINITY });
  }

  async del(key: string) {
    this.data.delete(key);
  }

  async hit(key: string, windowMs: number) {
    const e = this.live(key);
    if (!e) {
      this.data.set(key, { value: '1', expiresAt: this.now() + windowMs });
      return { count: 1, resetMs: windowMs };
    }
    e.value = String(Number(e.value) + 1);
    return { count: Number(e.value), resetMs: e.expiresAt - this.now() };
  }

  async peek(key: string) {
    const e = this.live(key);
    return e ? { count: Number(e.value), resetMs: e.expiresAt - this.now() } : { count: 0, resetMs: 0 };
  }

  async acquire(key: string, owner: string, ttlMs: number) {
    if (this.live(key)) return false;
    this.data.set(key, { value: owner, expiresAt: this.now() + ttlMs });
    return true;
  }

  async renew(key: string, owner: string, ttlMs: number) {
    const e = this.live(key);
    if (!e || e.value !== owner) return false;
    e.expiresAt = this.now() + ttlMs;
    return true;
  }

  async release(key: string, owner: string) {
    if (this.live(key)?.value === owner) this.data.delete(key);
  }

  async publish(channel: string, message: string) {
    this.bus.emit(channel, message);
  }

  async subscribe(channel: string, onMessage: (message: string) => void): Promise<Unsubscribe> {
    this.bus.on(channel, onMessage);
    return async () => {
      this.bus.off(channel, onMessage);
    };
  }

  async ping() {
    return 0;
  }

  async ready() {
    return true;
  }

  status(): StoreStatus {
    return { mode: 'memory', state: 'ok' };
  }

  async close() {
    clearInterval(this.sweeper);
    this.bus.removeAllListeners();
    this.data.clear();
  }
}
