import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { INDEX_FILE, renderIndex, scanRoutes, urlPathOf } from './route-index';

const root = path.resolve(import.meta.dirname, '..');

describe('the route index behind the OpenAPI document', () => {
  it('lists every route file under app/ (run `npm run api:index` after adding one)', () => {
    expect(readFileSync(path.join(root, INDEX_FILE), 'utf8')).toBe(renderIndex(scanRoutes(root)));
  });

  it('gives every exported method its one-line summary comment', () => {
    const missing = scanRoutes(root).flatMap((r) =>
      r.methods.filter((m) => !m.summary).map((m) => `${m.method} ${r.file}`),
    );
    expect(missing).toEqual([]);
  });

  it('turns file paths into URL templates', () => {
    expect(urlPathOf('app/api/users/[id]/route.ts')).toBe('/api/users/{id}');
    expect(urlPathOf('app/(dashboard)/x/[...slug]/route.ts')).toBe('/x/{slug}');
    expect(urlPathOf('app/api/openapi.json/route.ts')).toBe('/api/openapi.json');
  });
});
