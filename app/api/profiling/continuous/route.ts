import { z } from 'zod';
import { badRequestOnThrow } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { continuousMinutes, continuousRecording } from '@/lib/profiling/continuous';
import { rangeQueryShape, resolveRange } from '@/lib/time-range';

// GET /api/profiling/continuous?range= – the minutes of continuous profile recorded per target, with their CPU time, and whether this instance records now
export const GET = route({ role: 'viewer', query: z.strictObject(rangeQueryShape) }, async ({ query }) => {
  const { fromMs, toMs } = badRequestOnThrow(() => resolveRange(query));
  return { fromMs, toMs, recording: continuousRecording(), data: await continuousMinutes(fromMs, toMs) };
});
