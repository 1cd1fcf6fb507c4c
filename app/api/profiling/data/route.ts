import { z } from 'zod';
import { route } from '@/lib/api/route';
import { profileData, sourceSchema } from '@/lib/profiling/service';

const query = z.strictObject({ source: sourceSchema, label: z.string().max(300).optional() });

// GET /api/profiling/data?source=profile:<id>|continuous:<target>@<from>-<to> – a profile's stacks for the flame graph, its labels and hottest functions
export const GET = route({ role: 'viewer', query }, async ({ query: q }) => profileData(q.source, q.label));
