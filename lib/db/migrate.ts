// Applies the committed migrations (prisma/migrations/<provider>/) through Prisma's schema engine,
// which records them in `_prisma_migrations` exactly as `prisma migrate deploy` does.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { MigrationList } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { withSchemaEngine } from './schema-engine';
import type { DatabaseTarget } from './target';

export const MIGRATIONS_ROOT = path.resolve(import.meta.dirname, '../../prisma/migrations');
const NO_FILTER = { externalTables: [], externalEnums: [] };

export function migrationsDir(provider: DatabaseTarget['provider']): string {
  return path.join(MIGRATIONS_ROOT, provider);
}

/** Reads a provider's migration folder in the shape the schema engine expects. */
export function readMigrationList(provider: DatabaseTarget['provider']): MigrationList {
  const baseDir = migrationsDir(provider);
  const lockPath = path.join(baseDir, 'migration_lock.toml');
  const dirs = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((name) => {
      const file = path.join(baseDir, name, 'migration.sql');
      return {
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: existsSync(file)
            ? { tag: 'ok' as const, value: readFileSync(file, 'utf8') }
            : { tag: 'error' as const, value: `${file} is missing` },
        },
      };
    }),
  };
}

/** Applies unapplied migrations; returns the names applied now. Safe to run from several instances. */
export async function applyMigrations(target: DatabaseTarget): Promise<string[]> {
  if (target.provider === 'sqlite') mkdirSync(path.dirname(target.file), { recursive: true });
  return withSchemaEngine(target, async (engine) => {
    const out = await engine.applyMigrations({
      migrationsList: readMigrationList(target.provider),
      filters: NO_FILTER,
    });
    return out.appliedMigrationNames;
  });
}

/** SQL taking `from` (a datamodel) to `schemaText` for `target`'s provider; no database is touched. */
export async function diffDatamodels(
  target: DatabaseTarget,
  from: { path: string; content: string }[],
  schemaPath: string,
  schemaText: string,
): Promise<string> {
  return withSchemaEngine(target, async (engine) => {
    const result = await engine.diff({
      from: { tag: 'schemaDatamodel', files: from },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schemaText }] },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    return result.stdout ?? '';
  });
}
