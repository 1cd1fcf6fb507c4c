// Worker thread entry: decodes and validates OTLP trace requests off the main event loop and, on
// SQLite, stores the spans itself through prepared statements on its own connection (WAL lets it
// share the file with Prisma's). Started by ingest-worker-client.ts under tsx, like the server.
import Database from 'better-sqlite3';
import { lowerThisThreadPriority } from '../process/thread-priority';
import { parentPort } from 'node:worker_threads';
import type { IngestReply, IngestRequest, RedTuple, WorkerMessage } from './ingest-protocol';
import { decodeJson, decodeProtobuf, normalize, OtlpDecodeError } from './otlp';
import { newCaches, type Row, spanRows } from './rows';
import { attributeUpsert, resourceInsert, spanInsert } from './sql';
import type { SpanRecord } from './model';

const port = parentPort;
if (!port) throw new Error('ingest-worker.ts runs as a worker thread');
lowerThisThreadPriority();

const caches = newCaches();
let sqlite: { file: string; write: (rows: ReturnType<typeof spanRows>) => void; close: () => void } | undefined;

function openSqlite(file: string): NonNullable<typeof sqlite> {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  // Safe in WAL mode; a power loss may lose the last batches, which an exporter would resend.
  db.pragma('synchronous = NORMAL');
  // The same statements as the Prisma path, one row each: better-sqlite3 binds a row in microseconds.
  const span = db.prepare(spanInsert('sqlite', 1));
  const resource = db.prepare(resourceInsert('sqlite', 1));
  const attribute = db.prepare(attributeUpsert('sqlite', 1));
  const tx = db.transaction((rows: { spans: Row[]; resources: Row[]; attributes: Row[] }) => {
    for (const r of rows.resources) resource.run(r);
    for (const r of rows.spans) span.run(r);
    for (const r of rows.attributes) attribute.run(r);
  });
  return { file, write: (rows) => tx(rows), close: () => db.close() };
}

function store(file: string, spans: readonly SpanRecord[]): void {
  if (sqlite?.file !== file) {
    sqlite?.close();
    sqlite = openSqlite(file);
  }
  sqlite.write(spanRows(spans, caches));
}

function red(spans: readonly SpanRecord[]): RedTuple[] {
  const out: RedTuple[] = [];
  for (const s of spans)
    if (s.kind === 2 || s.kind === 5 || !s.parentId)
      out.push([s.service, s.name, s.status === 2, s.durationUs / 1000, Math.floor(s.startUs / 1000)]);
  return out;
}

function handle(m: IngestRequest): IngestReply {
  let decoded: ReturnType<typeof decodeProtobuf>;
  try {
    if (m.encoding === 'protobuf') decoded = decodeProtobuf(m.body);
    else {
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(m.body.buffer, m.body.byteOffset, m.body.byteLength).toString('utf8'));
      } catch (err) {
        return {
          id: m.id,
          ok: false,
          badRequest: true,
          error: `The body is not valid JSON: ${(err as Error).message}`,
        };
      }
      decoded = decodeJson(json);
    }
  } catch (err) {
    if (err instanceof OtlpDecodeError) return { id: m.id, ok: false, badRequest: true, error: err.message };
    throw err;
  }
  const { spans, rejected, reasons } = normalize(decoded, m.nowUs, m.oldestUs);
  if (m.sqliteFile && spans.length) store(m.sqliteFile, spans);
  return {
    id: m.id,
    ok: true,
    accepted: spans.length,
    rejected,
    reasons,
    red: red(spans),
    spans: m.sqliteFile ? null : spans,
  };
}

port.on('message', (m: WorkerMessage) => {
  if (m.kind === 'close') {
    sqlite?.close();
    port.close();
    return;
  }
  let reply: IngestReply;
  try {
    if (m.kind === 'store') {
      store(m.sqliteFile, m.spans);
      reply = { id: m.id, ok: true, accepted: m.spans.length, rejected: 0, reasons: [], red: [], spans: null };
    } else reply = handle(m);
  } catch (err) {
    reply = { id: m.id, ok: false, badRequest: false, error: (err as Error).message };
  }
  port.postMessage(reply);
});
