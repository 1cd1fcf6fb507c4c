// The Prisma client singleton. DATABASE_URL picks the provider; both generated clients have the
// same model API (one schema), so the rest of the code sees one `Db` type.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { config } from '../config';
import { PrismaClient as PgClient } from './generated/postgresql/client';
import { PrismaClient as SqliteClient } from './generated/sqlite/client';
import { type DatabaseTarget, resolveDatabaseTarget } from './target';

export type Db = SqliteClient;
export type Dialect = DatabaseTarget['provider'];

interface Handle {
  client: Db;
  target: DatabaseTarget;
  pool?: pg.Pool;
}

// Kept on globalThis so `next dev` hot reloads do not open a new pool per edit.
const slot = globalThis as typeof globalThis & { __redlineDb?: Handle };

export function openDatabase(target: DatabaseTarget): Handle {
  if (target.provider === 'sqlite') {
    mkdirSync(path.dirname(target.file), { recursive: true });
    // WAL + busy timeout: readers never block the metrics writer, and two writers wait instead of failing.
    const adapter = new PrismaBetterSqlite3({ url: `file:${target.file}`, timeout: 5_000 });
    return { client: new SqliteClient({ adapter }), target };
  }
  const pool = new pg.Pool({ connectionString: target.url, max: 10, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
  pool.on('error', (err) => console.error('[db] idle client error:', err.message));
  const client = new PgClient({ adapter: new PrismaPg(pool) }) as unknown as Db;
  return { client, target, pool };
}

function handle(): Handle {
  if (!slot.__redlineDb) {
    slot.__redlineDb = openDatabase(resolveDatabaseTarget(config().DATABASE_URL, process.cwd()));
    if (slot.__redlineDb.target.provider === 'sqlite') {
      void slot.__redlineDb.client.$queryRaw`PRAGMA journal_mode = WAL`.catch(() => undefined);
    }
  }
  return slot.__redlineDb;
}

export const db = (): Db => handle().client;
export const dialect = (): Dialect => handle().target.provider;
export const databaseLabel = (): string => handle().target.label;
/** PostgreSQL pool counts (total, idle, waiting); undefined on SQLite. */
export function poolStats(): { total: number; idle: number; waiting: number } | undefined {
  const pool = handle().pool;
  return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : undefined;
}

/** Points the process at another database (tests, scripts); closes the previous one. */
export async function useDatabase(target: DatabaseTarget): Promise<Db> {
  await closeDatabase();
  slot.__redlineDb = openDatabase(target);
  return slot.__redlineDb.client;
}

export async function closeDatabase(): Promise<void> {
  const h = slot.__redlineDb;
  slot.__redlineDb = undefined;
  if (h) await h.client.$disconnect();
  await h?.pool?.end(); // a pool handed to the adapter is ours to close
}
