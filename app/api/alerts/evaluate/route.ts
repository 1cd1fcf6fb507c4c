import { route } from '@/lib/api/route';
import { ApiError } from '@/lib/api/errors';
import { scheduler } from '@/lib/scheduler';

// POST /api/alerts/evaluate – evaluates every rule now instead of at the next 15 s tick (operator).
// Goes through the scheduler so it shares the job's lock with the scheduled evaluation.
export const POST = route({ role: 'operator', action: 'alerts.evaluate' }, async () => {
  const r = await scheduler().trigger('alerts.evaluate', 'manual');
  if (r.status === 'skipped') throw new ApiError('conflict', `Not run: ${r.reason}`);
  return r;
});
