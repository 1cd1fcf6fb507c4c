// Sends a provider's purge requests one after another within its documented rate (token bucket),
// waits out rate-limit answers as the provider says (429 + Retry-After, or its throttling error),
// and answers each purge with its record (lib/cdn keeps them in the database for the console). What a request is and how it is sent is the
// provider's: an HTTP request for Cloudflare and Fastly, an SDK command for CloudFront.
import type { ProviderAnswer, ProviderRequest } from './providers';
import { TokenBucket } from './token-bucket';

/** The HTTP providers' sender: the request as built, the answer as their API documents it. */
export function httpSender(read: (status: number, body: unknown, retryAfter: string | null) => ProviderAnswer) {
  return async (req: ProviderRequest): Promise<ProviderAnswer> => {
    const res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: AbortSignal.timeout(15_000),
    });
    return read(res.status, await res.json().catch(() => null), res.headers.get('retry-after'));
  };
}

export interface PurgeRecord {
  at: string;
  provider: string;
  description: string;
  requests: number;
  ok: boolean;
  ids: string[];
  error?: string;
  waitedMs: number;
}

const MAX_ATTEMPTS = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class PurgeQueue<R = ProviderRequest> {
  private tail: Promise<unknown> = Promise.resolve();
  readonly history: PurgeRecord[] = [];
  private readonly bucket: TokenBucket;

  constructor(
    readonly provider: string,
    limits: { capacity: number; perSecond: number },
    private readonly send: (req: R) => Promise<ProviderAnswer>,
    private readonly now: () => number = Date.now,
  ) {
    this.bucket = new TokenBucket(limits.capacity, limits.perSecond, now());
  }

  /** Runs after everything queued before it; resolves with the record of this purge. */
  enqueue(description: string, requests: readonly R[]): Promise<PurgeRecord> {
    const job = this.tail.then(() => this.run(description, requests));
    this.tail = job.catch(() => undefined);
    return job;
  }

  private async run(description: string, requests: readonly R[]): Promise<PurgeRecord> {
    const rec: PurgeRecord = {
      at: new Date(this.now()).toISOString(),
      provider: this.provider,
      description,
      requests: requests.length,
      ok: true,
      ids: [],
      waitedMs: 0,
    };
    for (const req of requests) {
      let answer: ProviderAnswer | undefined;
      for (let attempt = 0; attempt < MAX_ATTEMPTS && !answer?.ok; attempt++) {
        for (let t = this.bucket.take(this.now()); !t.ok; t = this.bucket.take(this.now())) {
          rec.waitedMs += t.waitMs;
          await sleep(t.waitMs);
        }
        try {
          answer = await this.send(req);
        } catch (err) {
          answer = { ok: false, error: (err as Error).message };
        }
        if (!answer.ok && answer.retryAfterMs === undefined) break; // not a rate limit: do not hammer
        if (!answer.ok && answer.retryAfterMs !== undefined) {
          this.bucket.drain(this.now());
          rec.waitedMs += answer.retryAfterMs;
          await sleep(answer.retryAfterMs);
        }
      }
      if (answer?.ok) {
        if (answer.id) rec.ids.push(answer.id);
      } else {
        rec.ok = false;
        rec.error = answer?.error ?? 'no answer';
        break;
      }
    }
    this.history.unshift(rec);
    this.history.length = Math.min(this.history.length, 100);
    return rec;
  }
}
