import { route } from '@/lib/api/route';
import { ApiError } from '@/lib/api/errors';
import { receiveTraces } from '@/lib/tracing/receiver';

// POST /v1/traces – OTLP/HTTP trace export: application/x-protobuf or application/json, gzip allowed (an operator's API token as Bearer)
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
      throw new ApiError('forbidden', 'Trace export takes an API token (Authorization: Bearer …)');
    return receiveTraces(req);
  },
);
