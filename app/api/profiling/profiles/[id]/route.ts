import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { hasRole } from '@/lib/auth/roles';
import { cancelCapture, captureProgress } from '@/lib/profiling/capture';
import { getProfileRow, removeProfile, view } from '@/lib/profiling/store';

const params = z.strictObject({ id: z.uuid('a profile id') });

// GET /api/profiling/profiles/[id] – one profile's row, with progress while it is being captured
export const GET = route({ role: 'viewer', params }, async ({ params: p }) => {
  const row = await getProfileRow(p.id);
  if (!row) throw new ApiError('not_found', 'No such profile');
  return { ...view(row), progress: captureProgress(p.id) ?? null };
});

// DELETE /api/profiling/profiles/[id] – cancels a running capture, or deletes a stored profile (operator; heap snapshots admin)
export const DELETE = route(
  { role: 'operator', params, action: 'profiling.delete' },
  async ({ params: p, principal }) => {
    const row = await getProfileRow(p.id);
    if (!row) throw new ApiError('not_found', 'No such profile');
    if (row.kind === 'heap-snapshot' && !hasRole(principal.role, 'admin'))
      throw new ApiError('forbidden', 'Heap snapshots need the admin role');
    if (row.status === 'running') {
      if (!cancelCapture(p.id))
        throw new ApiError('conflict', 'The capture runs on another Redline instance; cancel it there');
      return { id: p.id, cancelled: true };
    }
    await removeProfile(row);
    return { id: p.id, deleted: true };
  },
);
