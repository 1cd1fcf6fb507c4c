// The trace load bench:tracing and the tracing gate share: exporters sending the OTLP template
// batch, the stored span count, and the same rows written straight into the database.
import Database from 'better-sqlite3';
import pg from 'pg';
import { decodeProtobuf, normalize } from '../lib/tracing/otlp';
import { newCaches, type Row, spanRows } from '../lib/tracing/rows';
import { placeholderRow, spanInsert } from '../lib/tracing/sql';
import type { Server } from './harness';
import { SPANS, stamp, type Template } from './otlp-batch';

/** Sends batches from `concurrency` exporters until `until()` says stop; returns sends and retries. */
export async function send(
  server: Server,
  bearer: string,
  tpl: Template,
  concurrency: number,
  until: (sent: number) => boolean,
  counter: { next: number },
): Promise<{ sent: number; retried: number }> {
  let sent = 0;
  let retried = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const body = Buffer.from(tpl.body);
      while (!until(sent)) {
        stamp(tpl, counter.next++, body);
        for (;;) {
          const res = await fetch(`${server.url}/v1/traces`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${bearer}` },
            body,
          });
          await res.arrayBuffer();
          if (res.status === 200) break;
          if (res.status !== 503 && res.status !== 429) throw new Error(`HTTP ${res.status}`);
          retried++;
          await new Promise((r) => setTimeout(r, 50));
        }
        sent++;
      }
    }),
  );
  return { sent, retried };
}

export async function storedSpans(server: Pick<Server, 'provider' | 'dbUrl'>): Promise<number> {
  if (server.provider === 'sqlite') {
    const db = new Database(server.dbUrl.replace(/^file:/, ''), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM "TraceSpan"').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: server.dbUrl });
  await client.connect();
  try {
    return Number((await client.query('SELECT COUNT(*) AS n FROM "TraceSpan"')).rows[0].n);
  } finally {
    await client.end();
  }
}

/** Waits until the stored count reaches `expected` (or stops growing); returns when it got there. */
export async function caughtUp(
  server: Pick<Server, 'provider' | 'dbUrl'>,
  expected: number,
): Promise<{ count: number; at: number }> {
  let last = -1;
  let lastAt = performance.now();
  for (;;) {
    const n = await storedSpans(server);
    if (n !== last) {
      last = n;
      lastAt = performance.now();
    }
    if (n >= expected || performance.now() - lastAt > 5_000) return { count: n, at: lastAt };
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Writes `n` more spans shaped like the template's straight into the database; returns the count. */
export async function fill(
  server: Pick<Server, 'provider' | 'dbUrl'>,
  tpl: Template,
  n: number,
  counter: { next: number },
): Promise<number> {
  const nowUs = Date.now() * 1000;
  const spans = normalize(decodeProtobuf(tpl.body), nowUs, nowUs - 86_400e6).spans;
  const base = spanRows(spans, newCaches());
  const batches = Math.ceil(n / SPANS);
  const first = counter.next;
  const rowsOf = (k: number): Row[] => {
    const n = first + k;
    const prefix = n.toString(16).padStart(8, '0');
    // Newest first back over 23 hours, so a 1-hour search sees a slice and a 24-hour one all of it.
    const shiftUs = Math.floor((k / batches) * 23 * 3_600e6);
    return base.spans.map((r) => {
      const row = r.slice();
      row[0] = prefix + String(r[0]).slice(8);
      row[6] = Number(r[6]) - shiftUs;
      return row;
    });
  };
  if (server.provider === 'sqlite') {
    const db = new Database(server.dbUrl.replace(/^file:/, ''));
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    const insert = db.prepare(spanInsert('sqlite', placeholderRow(15)).sql);
    const tx = db.transaction((list: Row[]) => {
      for (const r of list) insert.run(r);
    });
    for (let k = 0; k < batches; k += 20)
      tx(Array.from({ length: Math.min(20, batches - k) }, (_, i) => rowsOf(k + i)).flat());
    db.close();
  } else {
    const client = new pg.Client({ connectionString: server.dbUrl });
    await client.connect();
    for (let k = 0; k < batches; k += 2) {
      const list = [rowsOf(k), ...(k + 1 < batches ? [rowsOf(k + 1)] : [])].flat();
      const q = spanInsert('postgresql', list);
      await client.query(q.text, q.values);
    }
    // As after any bulk load (a restore, say): the planner's statistics, and the visibility map
    // that index-only scans need, before the reads are timed. Spans arriving at a live rate get
    // the same from autovacuum as they go.
    await client.query('VACUUM ANALYZE "TraceSpan"');
    await client.end();
  }
  counter.next = first + batches;
  return storedSpans(server);
}
