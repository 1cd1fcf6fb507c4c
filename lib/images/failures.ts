// Pure: image work that failed, remembered for a while per source and parameters, so a source that
// cannot be decoded or drawn (a malformed file, an SVG over a renderer limit) costs its CPU once,
// not on every request for it. Bounded: the oldest entry goes when it is full.

export class FailureMemo {
  private readonly entries = new Map<string, { message: string; until: number }>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly max = 2_000,
  ) {}

  /** The remembered reason, while it holds. */
  get(key: string, now = Date.now()): string | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.until > now) return e.message;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, message: string, now = Date.now()): void {
    this.entries.delete(key);
    this.entries.set(key, { message, until: now + this.ttlMs });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
  }

  clear(): void {
    this.entries.clear();
  }
}
