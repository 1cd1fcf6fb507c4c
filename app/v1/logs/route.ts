import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { receiveLogs } from '@/lib/tracing/receiver';

// POST /v1/logs – OTLP/HTTP log export: application/x-protobuf or application/json, gzip allowed (an operator's API token as Bearer)
export const POST = route(
  {
    role: 'operator',
    audit: false,
    trace: false,
    consumes: 'application/x-protobuf',
    produces: 'application/x-protobuf',
  },
  async ({ req, principal }) => {
    if (principal.kind !== 'token')
      throw new ApiError('forbidden', 'Log export takes an API token (Authorization: Bearer …)');
    return receiveLogs(req);
  },
);
