import { z } from 'zod';
import { route } from '@/lib/api/route';
import { ApiError } from '@/lib/api/errors';
import { scheduler } from '@/lib/scheduler';

const params = z.strictObject({ name: z.string().regex(/^[a-z0-9.-]{1,64}$/) });

// POST /api/jobs/[name]/run – runs a job now on this instance (operator)
export const POST = route({ role: 'operator', params, action: 'jobs.run' }, async ({ params: p }) => {
  const s = scheduler();
  if (!s.definitions().some((j) => j.name === p.name)) throw new ApiError('not_found', `No job named ${p.name}`);
  const result = await s.trigger(p.name, 'manual');
  if (result.status === 'skipped') throw new ApiError('conflict', `Not run: ${result.reason}`);
  return result;
});
