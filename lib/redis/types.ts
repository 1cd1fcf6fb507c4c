// The shared-state interface: Redis when REDIS_URL is set, an in-process equivalent otherwise.
export type Unsubscribe = () => Promise<void>;

export interface StoreStatus {
  mode: 'redis' | 'memory';
  state: 'ok' | 'degraded';
  /** Last connection problem while degraded; never contains credentials. */
  lastError?: string;
  degradedSince?: string;
}

export interface SharedStore {
  readonly mode: 'redis' | 'memory';
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  del(key: string): Promise<void>;
  /** Fixed-window counter: increments and returns the count and the window's remaining ms. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetMs: number }>;
  /** The current count of a `hit` window without adding to it (0 when none is open). */
  peek(key: string): Promise<{ count: number; resetMs: number }>;
  /** Lock primitives: set-if-absent with expiry, renew and release only when still the owner. */
  acquire(key: string, owner: string, ttlMs: number): Promise<boolean>;
  renew(key: string, owner: string, ttlMs: number): Promise<boolean>;
  release(key: string, owner: string): Promise<void>;
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, onMessage: (message: string) => void): Promise<Unsubscribe>;
  ping(): Promise<number>;
  /** Resolves true once connected, false after `timeoutMs` (the store then serves degraded). */
  ready(timeoutMs: number): Promise<boolean>;
  status(): StoreStatus;
  close(): Promise<void>;
}
