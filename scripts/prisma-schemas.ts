// Derives the per-provider Prisma schemas from prisma/schema.prisma (the SQLite one is the source).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type Provider = 'sqlite' | 'postgresql';
export const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCE = path.join(ROOT, 'prisma/schema.prisma');

/** Pure: the schema text for `provider`, from the SQLite source text. */
export function deriveSchema(source: string, provider: Provider): string {
  if (provider === 'sqlite') return source;
  return (
    source
      .replace('provider = "sqlite"', 'provider = "postgresql"')
      .replace('output       = "../lib/db/generated/sqlite"', 'output       = "../../lib/db/generated/postgresql"')
      // Fields marked `// @pg-bigint` are 64-bit INTEGER on SQLite and need BIGINT on PostgreSQL.
      .replace(/^(\s*\w+\s+)Int(\s.*\/\/ @pg-bigint)$/gm, '$1BigInt$2')
  );
}

/** Writes the schema for `provider` and returns its path. */
export function schemaFor(provider: Provider): string {
  if (provider === 'sqlite') return SOURCE;
  const derived = deriveSchema(readFileSync(SOURCE, 'utf8'), provider);
  if (!derived.includes('generated/postgresql') || !derived.includes('provider = "postgresql"')) {
    throw new Error('prisma/schema.prisma no longer has the provider/output lines this script rewrites');
  }
  const dir = path.join(ROOT, 'prisma/generated');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'postgresql.prisma');
  writeFileSync(file, `// GENERATED from prisma/schema.prisma by scripts/prisma-schemas.ts; do not edit.\n${derived}`);
  return file;
}
