// Pure: the load-balancing algorithms. Each picks one of the eligible backends (healthy, not
// ejected, admitted by its breaker) for a request; the proxy owns the counters they read.
import { createHash } from 'node:crypto';

import type { Algorithm } from './algorithm-names';

export { ALGORITHMS, type Algorithm } from './algorithm-names';

export interface Candidate {
  id: string;
  weight: number;
  /** requests in flight to it now */
  active: number;
  /** exponentially weighted moving average of its response time, ms (0 = no sample yet) */
  ewmaMs: number;
}

export interface PickContext {
  /** ip-hash: the client's address (or the key requests should stick by) */
  key: string;
  random: () => number;
}

export interface Balancer {
  readonly algorithm: Algorithm;
  pick<C extends Candidate>(eligible: readonly C[], ctx: PickContext): C | undefined;
}

class RoundRobin implements Balancer {
  readonly algorithm = 'round-robin';
  private next = 0;
  pick<C extends Candidate>(list: readonly C[]) {
    if (!list.length) return undefined;
    return list[this.next++ % list.length];
  }
}

/** Fewest requests in flight, ties broken by weight (then by order). */
class LeastConnections implements Balancer {
  readonly algorithm = 'least-connections';
  private turn = 0;
  pick<C extends Candidate>(list: readonly C[]) {
    let best: C | undefined;
    // Start the scan at a moving offset so equal backends share the load instead of the first winning.
    const start = this.turn++;
    for (let i = 0; i < list.length; i++) {
      const c = list[(start + i) % list.length] as C;
      if (!best || c.active / c.weight < best.active / best.weight) best = c;
    }
    return best;
  }
}

/** nginx's smooth weighted round-robin: weights 5,1,1 give a a b a c a a, not a a a a a b c. */
class SmoothWeighted implements Balancer {
  readonly algorithm = 'weighted-round-robin';
  private readonly current = new Map<string, number>();
  pick<C extends Candidate>(list: readonly C[]) {
    if (!list.length) return undefined;
    let total = 0;
    let best: C | undefined;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (const c of list) {
      const v = (this.current.get(c.id) ?? 0) + c.weight;
      this.current.set(c.id, v);
      total += c.weight;
      if (v > bestValue) {
        bestValue = v;
        best = c;
      }
    }
    if (best) this.current.set(best.id, bestValue - total);
    return best;
  }
}

const hash32 = (s: string): number => createHash('md5').update(s).digest().readUInt32BE(0);

/**
 * Consistent hashing on a ring of virtual nodes (160 per unit of weight): a client stays on its
 * backend, and adding or removing a backend moves only the keys of that backend's share.
 */
export class HashRing {
  private points: { h: number; id: string }[] = [];
  private signature = '';
  constructor(readonly vnodes = 160) {}

  private build(list: readonly Candidate[]): void {
    const signature = list.map((c) => `${c.id}:${c.weight}`).join(',');
    if (signature === this.signature) return;
    this.signature = signature;
    this.points = list.flatMap((c) =>
      Array.from({ length: Math.max(1, Math.round(this.vnodes * c.weight)) }, (_, i) => ({
        h: hash32(`${c.id}#${i}`),
        id: c.id,
      })),
    );
    this.points.sort((a, b) => a.h - b.h);
  }

  lookup<C extends Candidate>(list: readonly C[], key: string): C | undefined {
    if (!list.length) return undefined;
    this.build(list);
    const h = hash32(key);
    let lo = 0;
    let hi = this.points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.points[mid] as { h: number }).h < h) lo = mid + 1;
      else hi = mid;
    }
    const id = (this.points[lo % this.points.length] as { id: string }).id;
    return list.find((c) => c.id === id);
  }
}

class IpHash implements Balancer {
  readonly algorithm = 'ip-hash';
  private readonly ring = new HashRing();
  pick<C extends Candidate>(list: readonly C[], ctx: PickContext) {
    return this.ring.lookup(list, ctx.key);
  }
}

/** Lowest expected wait: EWMA latency × (in flight + 1); unmeasured backends are tried first. */
class LeastResponseTime implements Balancer {
  readonly algorithm = 'least-response-time';
  pick<C extends Candidate>(list: readonly C[]) {
    let best: C | undefined;
    let bestCost = Number.POSITIVE_INFINITY;
    for (const c of list) {
      const cost = (c.ewmaMs * (c.active + 1)) / c.weight;
      if (cost < bestCost) {
        bestCost = cost;
        best = c;
      }
    }
    return best;
  }
}

/** Two random choices, the less loaded wins: near least-connections without scanning or herding. */
class PowerOfTwo implements Balancer {
  readonly algorithm = 'power-of-two';
  pick<C extends Candidate>(list: readonly C[], ctx: PickContext) {
    if (list.length < 2) return list[0];
    const i = Math.floor(ctx.random() * list.length);
    let j = Math.floor(ctx.random() * (list.length - 1));
    if (j >= i) j++;
    const a = list[i] as C;
    const b = list[j] as C;
    const la = a.active / a.weight;
    const lb = b.active / b.weight;
    return la < lb || (la === lb && a.ewmaMs <= b.ewmaMs) ? a : b;
  }
}

class RandomPick implements Balancer {
  readonly algorithm = 'random';
  pick<C extends Candidate>(list: readonly C[], ctx: PickContext) {
    return list[Math.floor(ctx.random() * list.length)];
  }
}

export function createBalancer(algorithm: Algorithm): Balancer {
  switch (algorithm) {
    case 'round-robin':
      return new RoundRobin();
    case 'least-connections':
      return new LeastConnections();
    case 'weighted-round-robin':
      return new SmoothWeighted();
    case 'ip-hash':
      return new IpHash();
    case 'least-response-time':
      return new LeastResponseTime();
    case 'power-of-two':
      return new PowerOfTwo();
    case 'random':
      return new RandomPick();
  }
}

/** EWMA with a half-life in samples: recent responses count most, one outlier does not dominate. */
export function ewma(previous: number, sample: number, alpha = 0.3): number {
  return previous === 0 ? sample : previous + alpha * (sample - previous);
}
