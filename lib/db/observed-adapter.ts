// Times every SQL statement at the driver adapter, where it runs in the caller's async context
// (Prisma's own query events can fire outside it, losing the route a query belongs to).
import type {
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  SqlQueryable,
  Transaction,
} from '@prisma/driver-adapter-utils';

export type SqlListener = (sql: string, durationMs: number) => void;

async function timed<T>(run: () => Promise<T>, sql: string, listener: SqlListener): Promise<T> {
  const t0 = performance.now();
  try {
    return await run();
  } finally {
    listener(sql, performance.now() - t0);
  }
}

function observe<Q extends SqlQueryable>(target: Q, listener: SqlListener): Q {
  return new Proxy(target, {
    get(t, prop, receiver) {
      if (prop === 'queryRaw') return (q: SqlQuery) => timed(() => t.queryRaw(q), q.sql, listener);
      if (prop === 'executeRaw') return (q: SqlQuery) => timed(() => t.executeRaw(q), q.sql, listener);
      if (prop === 'startTransaction') {
        return async (...args: Parameters<SqlDriverAdapter['startTransaction']>) =>
          observe<Transaction>(await (t as unknown as SqlDriverAdapter).startTransaction(...args), listener);
      }
      const value = Reflect.get(t, prop, receiver);
      return typeof value === 'function' ? value.bind(t) : value; // keeps private fields working
    },
  });
}

export function observedAdapter(inner: SqlDriverAdapterFactory, listener: SqlListener): SqlDriverAdapterFactory {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => observe(await inner.connect(), listener),
  };
}
