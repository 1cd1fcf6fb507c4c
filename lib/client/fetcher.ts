// The one client fetcher: JSON in, JSON out, the error envelope turned into an Error with
// status and code; mutations carry the CSRF token from its cookie.
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function csrfToken(): string {
  const m = /(?:^|;\s*)redline_csrf=([^;]+)/.exec(typeof document === 'undefined' ? '' : document.cookie);
  return m?.[1] ? decodeURIComponent(m[1]) : '';
}

async function parse<T>(res: Response): Promise<T> {
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiRequestError(
      err?.message ?? `Request failed (${res.status})`,
      res.status,
      err?.code ?? 'unknown',
      err?.details,
    );
  }
  return body as T;
}

export async function fetcher<T>(url: string): Promise<T> {
  return parse<T>(await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } }));
}

export async function mutate<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'x-csrf-token': csrfToken() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return parse<T>(
    await fetch(url, {
      method,
      credentials: 'same-origin',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

/** A multipart upload (the browser sets the boundary), with the CSRF token like every change. */
export async function upload<T>(url: string, form: FormData): Promise<T> {
  return parse<T>(
    await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'x-csrf-token': csrfToken() },
      body: form,
    }),
  );
}

/** A raw upload (a file's bytes as they are), with the CSRF token like every change. */
export async function uploadRaw<T>(url: string, body: Blob): Promise<T> {
  return parse<T>(
    await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/octet-stream', 'x-csrf-token': csrfToken() },
      body,
    }),
  );
}
