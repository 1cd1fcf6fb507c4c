import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { receiveZipkin } from '@/lib/tracing/receiver';

// POST /api/v2/spans – Zipkin v2 JSON spans, gzip allowed (an operator's API token as Bearer); 202 once stored
export const POST = route(
  { role: 'operator', audit: false, trace: false, consumes: 'application/json', status: 202 },
  async ({ req, principal }) => {
    if (principal.kind !== 'token')
      throw new ApiError('forbidden', 'Span export takes an API token (Authorization: Bearer …)');
    return receiveZipkin(req);
  },
);
