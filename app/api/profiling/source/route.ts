import { z } from 'zod';
import { route } from '@/lib/api/route';
import { originalPosition } from '@/lib/profiling/source-maps';

const query = z.strictObject({
  file: z.string().min(1).max(2_048),
  line: z.coerce.number().int().min(1),
  col: z.coerce.number().int().min(1).default(1),
});

// GET /api/profiling/source?file=&line=&col= – a built frame's TypeScript file:line through the build's source maps (null without a map)
export const GET = route({ role: 'viewer', query }, async ({ query: q }) => ({
  position: originalPosition(q.file, q.line, q.col),
}));
