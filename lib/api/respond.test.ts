import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApiError } from './errors';
import { toErrorResponse } from './respond';

async function envelope(err: unknown) {
  const res = toErrorResponse(err, 'GET /test');
  return { status: res.status, body: await res.json(), cache: res.headers.get('cache-control') };
}

describe('toErrorResponse', () => {
  it('maps ApiError codes to their status, with details and headers', async () => {
    const res = toErrorResponse(
      new ApiError('rate_limited', 'slow down', { retryAfterSeconds: 3 }, { 'retry-after': '3' }),
      'x',
    );
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.json()).toEqual({
      error: { code: 'rate_limited', message: 'slow down', details: { retryAfterSeconds: 3 } },
    });
  });

  it('turns zod errors into 400 with field paths', async () => {
    const r = z.strictObject({ a: z.number() }).safeParse({ a: 'x', b: 1 });
    const { status, body } = await envelope(r.error);
    expect(status).toBe(400);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'a' })]));
  });

  it('maps Prisma P2025 to 404 and P2002 to 409', async () => {
    expect((await envelope(Object.assign(new Error('x'), { code: 'P2025' }))).status).toBe(404);
    expect((await envelope(Object.assign(new Error('x'), { code: 'P2002' }))).body.error.code).toBe('conflict');
  });

  it('answers anything else with a generic 500 and logs the internals instead', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { status, body, cache } = await envelope(new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2'));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(JSON.stringify(body)).not.toContain('ECONNREFUSED');
    expect(body.error.code).toBe('internal_error');
    expect(cache).toBe('private, no-store');
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });
});
