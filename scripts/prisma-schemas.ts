// Derives the per-provider Prisma schemas from prisma/schema.prisma (the SQLite one is the source).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type Provider = 'sqlite' | 'postgresql';
export const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCE = path.join(ROOT, 'prisma/schema.prisma');

/** Writes the schema for `provider` and returns its path. */
export function schemaFor(provider: Provider): string {
  if (provider === 'sqlite') return SOURCE;
  const source = readFileSync(SOURCE, 'utf8');
  const derived = source
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('output       = "../lib/db/generated/sqlite"', 'output       = "../../lib/db/generated/postgresql"');
  if (derived === source || !derived.includes('generated/postgresql')) {
    throw new Error('prisma/schema.prisma no longer has the provider/output lines this script rewrites');
  }
  const dir = path.join(ROOT, 'prisma/generated');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'postgresql.prisma');
  writeFileSync(file, `// GENERATED from prisma/schema.prisma by scripts/prisma-schemas.ts; do not edit.\n${derived}`);
  return file;
}
