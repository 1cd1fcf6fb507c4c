import { z } from 'zod';
import { route } from '@/lib/api/route';
import { functionDiff } from '@/lib/profiling/flame';
import { resolveSource, sourceSchema } from '@/lib/profiling/service';

const query = z.strictObject({ before: sourceSchema, after: sourceSchema, label: z.string().max(300).optional() });

// GET /api/profiling/diff?before=&after= – two profiles to overlay (each normalized to its total) and the functions that changed most
export const GET = route({ role: 'viewer', query }, async ({ query: q }) => {
  const [before, after] = await Promise.all([resolveSource(q.before, q.label), resolveSource(q.after, q.label)]);
  return { before, after, functions: functionDiff(before.profile, after.profile).slice(0, 50) };
});
