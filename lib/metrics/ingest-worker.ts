// Worker thread entry: parses and validates metric ingest bodies off the main event loop (JSON
// parse, per-item checks, label canonicalization) and answers with a columnar batch, whose typed
// arrays are transferred back. Started by ingest-worker-client.ts under tsx, like the server.
import { lowerThisThreadPriority } from '../process/thread-priority';
import { parentPort } from 'node:worker_threads';
import { parseIngestBody } from './ingest-parse';
import type { ParseMessage, ParseReply } from './ingest-worker-protocol';

const port = parentPort;
if (!port) throw new Error('ingest-worker.ts runs as a worker thread');
lowerThisThreadPriority();

port.on('message', (m: ParseMessage) => {
  if (m.kind === 'close') return port.close();
  let reply: ParseReply;
  try {
    reply = { id: m.id, ...parseIngestBody(m.body, m.now, m.oldestMs, m.maxItems) };
  } catch (err) {
    reply = { id: m.id, ok: false, crashed: (err as Error).message };
  }
  const transfer = reply.ok
    ? [reply.batch.seriesIndex.buffer, reply.batch.values.buffer, reply.batch.ts.buffer, reply.batch.items.buffer]
    : [];
  port.postMessage(reply, transfer);
});
