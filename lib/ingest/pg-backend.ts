// The bulk writer's PostgreSQL side: one connection of its own, multi-row statements built by the
// same Prisma.sql builders the rest of the store uses (their `.text` and `.values`), one transaction
// per group of jobs.
import pg from 'pg';
import type { SketchRow } from '../metrics/model';
import { memoizedMergeBins } from '../metrics/sketch';
import {
  chunksInsert,
  ROWS_PER_STATEMENT,
  rollupUpsert,
  seriesUpsert,
  sketchesForUpdate,
  sketchesReplace,
  sketchUpsert,
} from '../metrics/sql';
import type { Row } from '../tracing/rows';
import { attributeUpsert, logInsert, resourceInsert, SPAN_ROWS_PER_STATEMENT, spanInsert } from '../tracing/sql';
import type { SpanRowSet } from './jobs';
import type { Backend } from './sqlite-backend';

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

interface StoredSketch {
  resolution: number;
  name: string;
  labels: string;
  bucket: string | number;
  bins: string;
}
type BucketKey = Pick<SketchRow, 'resolution' | 'name' | 'labels' | 'bucket'>;
const keyOf = (r: BucketKey) => `${r.resolution}\u0000${r.name}\u0000${r.labels}\u0000${r.bucket}`;
/** The order sketchesForUpdate locks in: writers that take rows in one order cannot deadlock. */
const byKey = (a: BucketKey, b: BucketKey) =>
  a.resolution - b.resolution ||
  (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
  (a.labels < b.labels ? -1 : a.labels > b.labels ? 1 : 0) ||
  a.bucket - b.bucket;

export function pgBackend(url: string): Backend {
  // A connection that broke is replaced on the next write (a pg.Client cannot reconnect).
  let conn: Promise<pg.Client> | undefined;
  // This writer merges sketches it wrote last without parsing them again (sketch.ts).
  const merge = memoizedMergeBins();
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
      // Rollups in key order too: upserts lock their rows in the order given.
      for (const c of chunks([...metrics.rollups].sort(byKey), ROWS_PER_STATEMENT))
        statements.push(rollupUpsert('postgresql', c));
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
      for (const c of chunks(
        all((s) => s.logs ?? []),
        SPAN_ROWS_PER_STATEMENT,
      ))
        statements.push(logInsert('postgresql', c));
      await client.query('BEGIN');
      try {
        for (const s of statements) await run(s);
        for (const c of chunks([...metrics.sketches].sort(byKey), ROWS_PER_STATEMENT)) {
          // The stored sketches are read, merged here and written back; new ones are inserted
          // with the merge in SQL should another instance insert the same one meanwhile.
          const stored = new Map<string, string>();
          for (const r of (await run(sketchesForUpdate(c))).rows as StoredSketch[])
            stored.set(keyOf({ ...r, bucket: Number(r.bucket) }), r.bins);
          const replace: SketchRow[] = [];
          const insert: SketchRow[] = [];
          for (const r of c) {
            const bins = stored.get(keyOf(r));
            if (bins === undefined) insert.push(r);
            else replace.push({ ...r, bins: merge(bins, r.bins) });
          }
          if (replace.length) await run(sketchesReplace(replace));
          if (insert.length) await run(sketchUpsert('postgresql', insert));
        }
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
