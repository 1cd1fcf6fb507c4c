// The served API reference: valid OpenAPI 3.1, every route file's methods in it, each with a role.
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { scanRoutes } from '../../scripts/route-index';
import { expect, test } from '../fixtures';

test('GET /api/openapi.json is valid OpenAPI 3.1 and lists every route with its role', async ({ request }) => {
  const res = await request.get('/api/openapi.json');
  expect(res.status()).toBe(200);
  const doc = (await res.json()) as { paths: Record<string, Record<string, { 'x-redline-role'?: string }>> };
  const result = await new Validator().validate(doc as unknown as Parameters<Validator['validate']>[0]);
  expect(result.errors ?? []).toEqual([]);
  const missing: string[] = [];
  for (const r of scanRoutes(path.resolve(import.meta.dirname, '../..'))) {
    for (const m of r.methods) {
      if (!doc.paths[r.path]?.[m.method.toLowerCase()]?.['x-redline-role']) missing.push(`${m.method} ${r.path}`);
    }
  }
  expect(missing).toEqual([]);
});
