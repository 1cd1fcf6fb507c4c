import { z } from 'zod';
import { route } from '@/lib/api/route';
import { triageLeaks } from '@/lib/profiling/leaks';

const body = z.strictObject({
  snapshots: z.tuple([z.uuid(), z.uuid(), z.uuid()], { error: 'three heap snapshot ids' }),
});

// POST /api/profiling/leaks {snapshots:[a,b,c]} – objects allocated between the first two snapshots and still alive in the third, by constructor and retainer path (admin)
export const POST = route({ role: 'admin', body, action: 'profiling.leaks' }, async ({ body: b }) =>
  triageLeaks(b.snapshots),
);
