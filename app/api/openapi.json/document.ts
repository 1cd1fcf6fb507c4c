// The API's OpenAPI document, built once per bundle from every route file (route-index.generated.ts).
// It lives beside its route, not in lib/: it is the one module that sees every route.
import { type ExtraOperation, openApiDocument } from '@/lib/api/openapi/document';
import { DELIVERY_PREFIX } from '@/lib/delivery/signing';
import { ROUTE_FILES } from './route-index.generated';

const VERSION = '0.1.0';

// Signed delivery URLs are answered by the custom server before Next.js (server.ts).
const EXTRA: ExtraOperation[] = [
  {
    path: `${DELIVERY_PREFIX}{path}`,
    method: 'GET',
    operation: {
      operationId: 'getDelivery',
      summary: 'an optimized asset by its signed URL (made by GET /api/optimization/cdn?action=url)',
      description:
        'No sign-in: the HMAC signature and expiry are the authorization. 403 when tampered, 410 when expired or the source changed.',
      tags: ['delivery'],
      'x-redline-role': 'signed-url',
      parameters: [
        { name: 'path', in: 'path', required: true, schema: { type: 'string' } },
        { name: 'sig', in: 'query', required: true, schema: { type: 'string' } },
        { name: 'exp', in: 'query', required: true, schema: { type: 'integer' } },
      ],
      responses: {
        '200': { description: 'The asset' },
        '304': { description: 'Not modified' },
        '403': { description: 'Bad signature' },
        '410': { description: 'Expired, or the source changed' },
      },
    },
  },
];

let built: Record<string, unknown> | undefined;

export function apiDocument(): Record<string, unknown> {
  built ??= openApiDocument(ROUTE_FILES, EXTRA, { version: VERSION });
  return built;
}
