// Maps any thrown value to the one error envelope. Internals are logged, never sent.
import { ZodError } from 'zod';
import { ApiError, type ErrorBody } from './errors';

function prismaCode(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' && /^P\d{4}$/.test(err.code))
    return err.code;
  return undefined;
}

export function errorResponse(status: number, body: ErrorBody, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'private, no-store', ...headers } });
}

export function toErrorResponse(err: unknown, where: string): Response {
  if (err instanceof ApiError) {
    return errorResponse(
      err.status,
      { error: { code: err.code, message: err.message, details: err.details } },
      err.headers,
    );
  }
  if (err instanceof ZodError) {
    const details = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code }));
    const message = details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ');
    return errorResponse(400, { error: { code: 'validation_failed', message, details } });
  }
  const code = prismaCode(err);
  if (code === 'P2025') return errorResponse(404, { error: { code: 'not_found', message: 'Not found' } });
  if (code === 'P2002') return errorResponse(409, { error: { code: 'conflict', message: 'That already exists' } });
  console.error(`[api] ${where} failed:`, err);
  return errorResponse(500, {
    error: { code: 'internal_error', message: 'Something went wrong on our side; it has been logged' },
  });
}
