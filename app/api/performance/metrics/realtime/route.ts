import { z } from 'zod';
import { route } from '@/lib/api/route';
import { liveStream } from '@/lib/metrics/live-stream';

const query = z.strictObject({
  names: z
    .string()
    .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*(,[a-zA-Z_:][a-zA-Z0-9_:]*)*$/, 'comma-separated metric names')
    .transform((s) => new Set(s.split(',')))
    .optional(),
});

// GET /api/performance/metrics/realtime – Server-Sent Events: new points as they are stored, from every instance
export const GET = route(
  { role: 'viewer', query, produces: 'text/event-stream' },
  async ({ query: q, req }) =>
    new Response(liveStream(q.names ?? null, req.signal), {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      },
    }),
);
