// Real databases for integration tests: a fresh SQLite file, and a fresh PostgreSQL database on
// the local server (created here, dropped afterwards). Neither is ever skipped.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseTarget } from '@/lib/db/target';

export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestDatabase {
  target: DatabaseTarget;
  drop: () => Promise<void>;
}

export async function createTestDatabase(provider: DatabaseTarget['provider']): Promise<TestDatabase> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'redline-test-'));
    const file = path.join(dir, 'test.db');
    return { target: { provider, file, label: file }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `redline_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    target: { provider, url: url.toString(), label: name },
    drop: async () => {
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export const PROVIDERS = ['sqlite', 'postgresql'] as const;

/** A fresh database with the migrations applied, made the current one; `drop` closes and removes it. */
export async function currentTestDatabase(
  provider: DatabaseTarget['provider'],
): Promise<{ drop: () => Promise<void> }> {
  const { applyMigrations } = await import('@/lib/db/migrate');
  const { closeDatabase, switchDatabase } = await import('@/lib/db');
  const tdb = await createTestDatabase(provider);
  await applyMigrations(tdb.target);
  await switchDatabase(tdb.target);
  return {
    drop: async () => {
      await closeDatabase();
      await tdb.drop();
    },
  };
}
