// The fleet lease: exactly one Redline instance runs the fleet. The holder renews every few seconds;
// when a renewal fails because the lease expired (the holder's event loop stalled past it — a heap
// snapshot of the main thread can take longer than the lease), the holder takes it again if nobody
// else has, and otherwise gives the fleet up to whoever holds it now. While the store cannot be
// reached the holder keeps the fleet but says the lease is unconfirmed.
import type { SharedStore } from '../redis/types';

export type LeaseState = 'held' | 'unconfirmed' | 'free';

export interface LeaseHooks {
  /** This instance now holds the lease: start the fleet (throwing gives the lease back). */
  gained: () => Promise<void>;
  /** This instance no longer holds it: stop the fleet. */
  lost: (why: string) => Promise<void>;
  log?: (line: string) => void;
}

export class FleetLease {
  state: LeaseState = 'free';
  /** when the state last changed, and why (shown by the health check) */
  since = Date.now();
  detail = '';

  constructor(
    private readonly store: SharedStore,
    private readonly key: string,
    private readonly token: string,
    private readonly ttlMs: number,
    private readonly hooks: LeaseHooks,
  ) {}

  private set(state: LeaseState, detail: string): void {
    if (state !== this.state) this.since = Date.now();
    this.state = state;
    this.detail = detail;
  }

  /** One campaign step: renew when held, take it when free. */
  async tick(): Promise<void> {
    if (this.state === 'free') {
      if (!(await this.store.acquire(this.key, this.token, this.ttlMs).catch(() => false))) return;
      this.set('held', 'holds the fleet lease');
      try {
        await this.hooks.gained();
      } catch (err) {
        this.set('free', `could not start the fleet: ${(err as Error).message}`);
        await this.store.release(this.key, this.token).catch(() => undefined);
        throw err;
      }
      return;
    }
    if (await this.store.renew(this.key, this.token, this.ttlMs).catch(() => false)) {
      this.set('held', 'holds the fleet lease');
      return;
    }
    if (this.store.status().state !== 'ok') {
      // Nobody can be asked: keep the fleet running, and say the lease is not confirmed.
      this.set('unconfirmed', 'the shared store is unreachable; the fleet lease cannot be renewed');
      return;
    }
    // The lease expired under us. Take it back if it is free; if another instance took it, the
    // fleet is theirs now.
    if (await this.store.acquire(this.key, this.token, this.ttlMs).catch(() => false)) {
      this.hooks.log?.('[fleet] the fleet lease had expired (this instance stalled past it); taken again');
      this.set('held', 'holds the fleet lease (taken again after it expired)');
      return;
    }
    this.hooks.log?.('[fleet] another instance holds the fleet lease now; stopping this fleet');
    this.set('free', 'another instance took the fleet lease after this one stalled past it');
    await this.hooks.lost('another instance holds the fleet lease');
  }

  /** Gives the lease up (shutdown). */
  async release(): Promise<void> {
    if (this.state !== 'free') await this.store.release(this.key, this.token).catch(() => undefined);
    this.set('free', 'released');
  }
}
