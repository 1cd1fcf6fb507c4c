import { route } from '@/lib/api/route';
import { unsupportedSignal } from '@/lib/tracing/receiver';

// POST /v1/metrics – OTLP/HTTP metric export: not accepted yet; answered 501 with an OTLP Status naming where metrics go
export const POST = route(
  {
    role: 'public',
    audit: false,
    trace: false,
    consumes: 'application/x-protobuf',
    produces: 'application/x-protobuf',
    status: 501,
  },
  async ({ req }) => unsupportedSignal(req),
);
