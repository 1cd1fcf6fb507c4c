import { route } from '@/lib/api/route';
import { apiDocument } from './document';

// GET /api/openapi.json – the OpenAPI 3.1 reference of every route, generated from the schemas they validate with
export const GET = route({ role: 'public' }, async () =>
  Response.json(apiDocument(), { headers: { 'cache-control': 'public, max-age=60' } }),
);
