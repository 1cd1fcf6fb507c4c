import { route } from '@/lib/api/route';
import { unsupportedSignal } from '@/lib/tracing/receiver';

// POST /v1/logs – OTLP/HTTP log export: not accepted yet; answered 501 with an OTLP Status saying so (in the request's encoding)
export const POST = route(
  {
    role: 'public',
    audit: false,
    trace: false,
    consumes: 'application/x-protobuf',
    produces: 'application/x-protobuf',
    status: 501,
  },
  async ({ req }) => unsupportedSignal(req, 'logs'),
);
