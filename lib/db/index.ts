// The Prisma client singleton. DATABASE_URL picks the provider; both generated clients have the
// same model API (one schema), so the rest of the code sees one `Db` type.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { config } from '../config';
import { once, peek, put, slot } from '../process/registry';
import { PrismaClient as PgClient } from './generated/postgresql/client';
import { PrismaClient as SqliteClient } from './generated/sqlite/client';
import { observedAdapter } from './observed-adapter';
import { type DatabaseTarget, resolveDatabaseTarget } from './target';

/** the Prisma client with its target and pool (also survives `next dev` reloads) */
export const DB = slot<DbHandle>('db');
/** told about every query (self-monitoring registers it at boot) */
export const QUERY_OBSERVER = slot<QueryObserver>('queryObserver');

export type Db = SqliteClient;
export type Dialect = DatabaseTarget['provider'];

export interface DbHandle {
  client: Db;
  target: DatabaseTarget;
  pool?: pg.Pool;
}

/** Told about every query: its SQL and duration, and the model operation it served. */
export interface QueryObserver {
  onSql(sql: string, durationMs: number): void;
  onOperation(model: string, operation: string, durationMs: number): void;
}

/** Self-monitoring registers here at boot; lib/db itself knows nothing of metrics. */
export function setQueryObserver(observer: QueryObserver | undefined): void {
  put(QUERY_OBSERVER, observer);
}

const onSql = (sql: string, durationMs: number) => peek(QUERY_OBSERVER)?.onSql(sql, durationMs);

/** Adds operation timing. The extension adds no methods, so the client keeps the `Db` shape. */
function observed(client: SqliteClient): Db {
  return client.$extends({
    query: {
      async $allOperations({ model, operation, args, query }) {
        const t0 = performance.now();
        try {
          return await query(args);
        } finally {
          peek(QUERY_OBSERVER)?.onOperation(model ?? '(raw)', operation, performance.now() - t0);
        }
      },
    },
  }) as unknown as Db;
}

function openDatabase(target: DatabaseTarget): DbHandle {
  if (target.provider === 'sqlite') {
    mkdirSync(path.dirname(target.file), { recursive: true });
    // WAL + busy timeout: readers never block the metrics writer, and two writers wait instead of failing.
    const adapter = new PrismaBetterSqlite3({ url: `file:${target.file}`, timeout: 5_000 });
    return { client: observed(new SqliteClient({ adapter: observedAdapter(adapter, onSql) })), target };
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', (err) => console.error('[db] idle client error:', err.message));
  // Same schema, same API: the PostgreSQL client is used through the SQLite client's type.
  const client = observed(
    new PgClient({ adapter: observedAdapter(new PrismaPg(pool), onSql) }) as unknown as SqliteClient,
  );
  return { client, target, pool };
}

function handle(): DbHandle {
  return once(DB, () => {
    const h = openDatabase(resolveDatabaseTarget(config().DATABASE_URL, process.cwd()));
    if (h.target.provider === 'sqlite') void h.client.$queryRaw`PRAGMA journal_mode = WAL`.catch(() => undefined);
    return h;
  });
}

export const db = (): Db => handle().client;
export const dialect = (): Dialect => handle().target.provider;
export const databaseLabel = (): string => handle().target.label;
export const databaseTarget = (): DatabaseTarget => handle().target;
/** PostgreSQL pool counts (total, idle, waiting); undefined on SQLite. */
export function poolStats(): { total: number; idle: number; waiting: number } | undefined {
  const pool = handle().pool;
  return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : undefined;
}

/** Points the process at another database (tests, scripts); closes the previous one. */
export async function switchDatabase(target: DatabaseTarget): Promise<Db> {
  await closeDatabase();
  const h = openDatabase(target);
  put(DB, h);
  return h.client;
}

export async function closeDatabase(): Promise<void> {
  const h = peek(DB);
  put(DB, undefined);
  if (h) await h.client.$disconnect();
  await h?.pool?.end(); // a pool handed to the adapter is ours to close
}
