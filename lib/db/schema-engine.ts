// Loads Prisma's schema engine compiled to WebAssembly and binds it to a driver adapter.
// The prisma CLI's native engine cannot be downloaded where Redline is built, so migrations are
// diffed and applied through this engine instead; it keeps Prisma's `_prisma_migrations` table.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine as SchemaEngineType } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { DatabaseTarget } from './target';

export type SchemaEngine = SchemaEngineType;
type Bindings = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

// Module state: the WebAssembly module, loaded once per bundle that migrates (stateless between calls).
let bindings: Promise<Bindings> | undefined;

async function loadBindings(): Promise<Bindings> {
  const require = createRequire(import.meta.url);
  const jsPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bg: Bindings = await import('@prisma/schema-engine-wasm/schema_engine_bg');
  const wasmBytes = readFileSync(path.join(path.dirname(jsPath), 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(wasmBytes, { './schema_engine_bg.js': bg });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bg;
}

function baseFactory(target: DatabaseTarget): SqlMigrationAwareDriverAdapterFactory {
  return target.provider === 'sqlite'
    ? new PrismaBetterSqlite3({ url: `file:${target.file}` })
    : new PrismaPg({ connectionString: target.url });
}

/**
 * Runs `fn` with a schema engine on `target`. `free()` does not close the driver's connections
 * (on PostgreSQL one of them holds the migration advisory lock), so every adapter the engine
 * opened is disposed here as well.
 */
export async function withSchemaEngine<T>(
  target: DatabaseTarget,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  bindings ??= loadBindings();
  const bg = await bindings;
  const inner = baseFactory(target);
  const opened: SqlDriverAdapter[] = [];
  const tracking: SqlMigrationAwareDriverAdapterFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      const adapter = await inner.connect();
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = await inner.connectToShadowDb();
      opened.push(adapter);
      return adapter;
    },
  };
  const log = (message: string) => {
    if (process.env.REDLINE_DEBUG_MIGRATE) console.error(message);
  };
  const engine = await bg.SchemaEngine.new(
    { datamodels: undefined },
    log,
    bindMigrationAwareSqlAdapterFactory(tracking),
  );
  try {
    return await fn(engine);
  } finally {
    engine.free();
    await Promise.allSettled(opened.map((adapter) => adapter.dispose()));
  }
}
