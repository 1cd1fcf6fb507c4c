import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { principalLabel } from '@/lib/auth/principal';
import { hasRole } from '@/lib/auth/roles';
import { captureBody, startCapture } from '@/lib/profiling/capture';
import { listProfiles } from '@/lib/profiling/store';

const query = z.strictObject({
  target: z.string().max(80).optional(),
  kind: z.enum(['cpu', 'alloc', 'heap-snapshot']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

// GET /api/profiling/profiles – captured and imported profiles, newest first, with their hottest functions
export const GET = route({ role: 'viewer', query }, async ({ query: q }) => listProfiles(q));

// POST /api/profiling/profiles {target, kind, durationSeconds, intervalUs} – starts a capture: 202 with its row (operator; heap snapshots admin)
export const POST = route(
  { role: 'operator', body: captureBody, action: 'profiling.capture', status: 202 },
  async ({ body, principal }) => {
    if (body.kind === 'heap-snapshot' && !hasRole(principal.role, 'admin'))
      throw new ApiError('forbidden', 'Heap snapshots hold every secret in memory: they need the admin role', {
        required: 'admin',
      });
    return Response.json(await startCapture(body, principalLabel(principal)), { status: 202 });
  },
);
