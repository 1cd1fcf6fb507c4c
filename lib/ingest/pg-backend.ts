// The bulk writer's PostgreSQL side: one connection of its own, multi-row statements built by the
// same Prisma.sql builders the rest of the store uses (their `.text` and `.values`), one transaction
// per group of jobs.
import pg from 'pg';
import { chunksInsert, ROWS_PER_STATEMENT, rollupUpsert, seriesUpsert, sketchUpsert } from '../metrics/sql';
import type { Row } from '../tracing/rows';
import { attributeUpsert, resourceInsert, SPAN_ROWS_PER_STATEMENT, spanInsert } from '../tracing/sql';
import type { SpanRowSet } from './jobs';
import type { Backend } from './sqlite-backend';

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function pgBackend(url: string): Backend {
  // A connection that broke is replaced on the next write (a pg.Client cannot reconnect).
  let conn: Promise<pg.Client> | undefined;
  const connect = () => {
    const client = new pg.Client({ connectionString: url, application_name: 'redline-bulk-writer' });
    client.on('error', () => {
      conn = undefined;
    });
    return client.connect().then(() => client);
  };
  return {
    async write(metrics, spans, now) {
      conn ??= connect();
      const client = await conn.catch((err: Error) => {
        conn = undefined;
        throw err;
      });
      const run = (q: { text: string; values: unknown[] }) => client.query(q.text, q.values);
      const statements: { text: string; values: unknown[] }[] = [];
      for (const c of chunks(metrics.series, ROWS_PER_STATEMENT)) statements.push(seriesUpsert(c, now));
      for (const c of chunks(metrics.chunks, ROWS_PER_STATEMENT)) statements.push(chunksInsert(c));
      for (const c of chunks(metrics.rollups, ROWS_PER_STATEMENT)) statements.push(rollupUpsert('postgresql', c));
      for (const c of chunks(metrics.sketches, ROWS_PER_STATEMENT)) statements.push(sketchUpsert('postgresql', c));
      const all = (pick: (s: SpanRowSet) => Row[]) => spans.flatMap(pick);
      for (const c of chunks(
        all((s) => s.resources),
        500,
      ))
        statements.push(resourceInsert('postgresql', c));
      for (const c of chunks(
        all((s) => s.spans),
        SPAN_ROWS_PER_STATEMENT,
      ))
        statements.push(spanInsert('postgresql', c));
      for (const c of chunks(
        all((s) => s.attributes),
        1_000,
      ))
        statements.push(attributeUpsert('postgresql', c));
      await client.query('BEGIN');
      try {
        for (const s of statements) await run(s);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    },
    async close() {
      const c = conn;
      conn = undefined;
      if (c) await (await c.catch(() => undefined))?.end().catch(() => undefined);
    },
  };
}
