import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { apiDocument } from '../app/api/openapi.json/document';
import { ROUTE_FILES } from '../app/api/openapi.json/route-index.generated';

type Doc = { paths: Record<string, Record<string, { 'x-redline-role'?: string; parameters?: { name: string }[] }>> };

describe('the OpenAPI document', () => {
  const doc = apiDocument() as unknown as Doc;

  it('is valid OpenAPI 3.1', async () => {
    const result = await new Validator().validate(doc as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('has every method of every route file, each with its role', () => {
    const missing: string[] = [];
    for (const r of ROUTE_FILES) {
      for (const method of Object.keys(r.summaries)) {
        const op = doc.paths[r.path]?.[method.toLowerCase()];
        if (!op?.['x-redline-role']) missing.push(`${method} ${r.path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('documents query parameters from the route schemas, union branches merged', () => {
    const params = doc.paths['/api/optimization/performance']?.get?.parameters?.map((p) => p.name) ?? [];
    expect(params).toEqual(expect.arrayContaining(['action', 'metric', 'range', 'timeRange', 'limit', 'format']));
  });
});
