// Writes a new migration for each provider: `npm run db:diff -- <name>`.
// prisma/migrations/schema.snapshot.prisma is the schema the committed migrations produce; the
// new migration is the diff from it to prisma/schema.prisma, and the snapshot is then updated.
// (The schema engine's shadow-database and PostgreSQL introspection paths fail in its WebAssembly
// build, so the snapshot stands in for them.)
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diffDatamodels, MIGRATIONS_ROOT, migrationsDir } from '../lib/db/migrate.ts';
import type { DatabaseTarget } from '../lib/db/target.ts';
import { deriveSchema, schemaFor } from './prisma-schemas.ts';

const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_');
if (!name) throw new Error('usage: npm run db:diff -- <migration_name>');
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const snapshotPath = path.join(MIGRATIONS_ROOT, 'schema.snapshot.prisma');
const snapshot = readFileSync(snapshotPath, 'utf8');
const scratchFile = path.join(os.tmpdir(), `redline-diff-${process.pid}.db`);
let wrote = false;

try {
  for (const provider of ['sqlite', 'postgresql'] as const) {
    const schemaPath = schemaFor(provider);
    const from = [{ path: 'snapshot.prisma', content: deriveSchema(snapshot, provider) }];
    // The engine connects when it starts; diffing two datamodels reads and writes nothing.
    const target: DatabaseTarget =
      provider === 'sqlite'
        ? { provider, file: scratchFile, label: scratchFile }
        : {
            provider,
            url: process.env.MIGRATION_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
            label: 'diff',
          };
    const sql = await diffDatamodels(target, from, schemaPath, readFileSync(schemaPath, 'utf8'));
    if (!sql.trim() || /This is an empty migration/.test(sql)) {
      console.log(`${provider}: schema matches the migrations, nothing written`);
      continue;
    }
    const dir = path.join(migrationsDir(provider), `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'migration.sql'), sql);
    wrote = true;
    console.log(`${provider}: wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  }
  if (wrote) copyFileSync(schemaFor('sqlite'), snapshotPath);
} finally {
  rmSync(scratchFile, { force: true });
}
