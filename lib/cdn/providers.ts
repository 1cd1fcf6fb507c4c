// Pure: the purge requests of each CDN provider's documented API, and how to read their answers.
// Cloudflare: POST /zones/{zone}/purge_cache with {files|prefixes|tags|purge_everything}, at most
// 100 operations a request, limits per plan as a token bucket. Fastly: POST
// /service/{id}/purge with a Surrogate-Key header (at most 256 keys), POST /service/{id}/purge_all,
// and POST /purge/{url} for one URL, with the Fastly-Key header.
export type PurgeOp =
  | { kind: 'urls'; items: string[] }
  | { kind: 'prefixes'; items: string[] }
  | { kind: 'tags'; items: string[] }
  | { kind: 'all' };

export interface ProviderRequest {
  method: 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface CloudflareConfig {
  apiBase: string;
  zoneId: string;
  token: string;
}
export interface FastlyConfig {
  apiBase: string;
  serviceId: string;
  token: string;
}

/** Documented purge limits per Cloudflare plan (requests per second as a token bucket). */
export const CLOUDFLARE_LIMITS = {
  free: { perSecond: 5 / 60, capacity: 25, maxOps: 100 },
  pro: { perSecond: 5, capacity: 25, maxOps: 100 },
  business: { perSecond: 10, capacity: 50, maxOps: 100 },
  enterprise: { perSecond: 50, capacity: 500, maxOps: 500 },
} as const;
export type CloudflarePlan = keyof typeof CLOUDFLARE_LIMITS;
export const FASTLY_MAX_KEYS = 256;

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function cloudflareRequests(c: CloudflareConfig, op: PurgeOp, maxOps: number): ProviderRequest[] {
  const base = {
    method: 'POST' as const,
    url: `${c.apiBase.replace(/\/$/, '')}/zones/${encodeURIComponent(c.zoneId)}/purge_cache`,
    headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
  };
  if (op.kind === 'all') return [{ ...base, body: JSON.stringify({ purge_everything: true }) }];
  const field = op.kind === 'urls' ? 'files' : op.kind;
  return chunk(op.items, maxOps).map((items) => ({ ...base, body: JSON.stringify({ [field]: items }) }));
}

export function fastlyRequests(c: FastlyConfig, op: PurgeOp): ProviderRequest[] {
  const api = c.apiBase.replace(/\/$/, '');
  const headers = { 'fastly-key': c.token, accept: 'application/json' };
  const service = `${api}/service/${encodeURIComponent(c.serviceId)}`;
  switch (op.kind) {
    case 'all':
      return [{ method: 'POST', url: `${service}/purge_all`, headers }];
    case 'tags':
      return chunk(op.items, FASTLY_MAX_KEYS).map((keys) => ({
        method: 'POST',
        url: `${service}/purge`,
        headers: { ...headers, 'surrogate-key': keys.join(' ') },
      }));
    case 'urls':
      return op.items.map((u) => ({ method: 'POST', url: `${api}/purge/${u.replace(/^https?:\/\//, '')}`, headers }));
    case 'prefixes':
      throw new Error('Fastly purges by URL or surrogate key, not by prefix');
  }
}

export interface ProviderAnswer {
  ok: boolean;
  /** the provider's purge id when it gives one */
  id?: string;
  error?: string;
  retryAfterMs?: number;
}

export function readCloudflare(status: number, body: unknown, retryAfter: string | null): ProviderAnswer {
  const b = body as {
    success?: boolean;
    errors?: { code?: number; message?: string }[];
    result?: { id?: string };
  } | null;
  if (status === 429)
    return { ok: false, error: 'rate limited by Cloudflare', retryAfterMs: Number(retryAfter ?? 60) * 1000 };
  if (status >= 200 && status < 300 && b?.success) return { ok: true, id: b.result?.id };
  return {
    ok: false,
    error: b?.errors?.map((e) => `${e.code ?? ''} ${e.message ?? ''}`.trim()).join('; ') || `HTTP ${status}`,
  };
}

export function readFastly(status: number, body: unknown, retryAfter: string | null): ProviderAnswer {
  const b = body as { status?: string; id?: string; msg?: string; detail?: string } | Record<string, string> | null;
  if (status === 429)
    return { ok: false, error: 'rate limited by Fastly', retryAfterMs: Number(retryAfter ?? 60) * 1000 };
  if (status >= 200 && status < 300) return { ok: true, id: typeof b?.id === 'string' ? b.id : undefined };
  return {
    ok: false,
    error: (typeof b?.msg === 'string' && b.msg) || (typeof b?.detail === 'string' && b.detail) || `HTTP ${status}`,
  };
}
