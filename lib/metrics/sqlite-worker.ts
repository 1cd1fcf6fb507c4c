// Worker thread entry: owns the SQLite metrics connection and runs sqliteBatchWriter's
// transactions off the main event loop, which keeps parsing and answering requests meanwhile.
// Started by sqliteWorkerWriter (sqlite-worker-client.ts) under tsx, like the server.
import { lowerThisThreadPriority } from '../process/thread-priority';
import { parentPort, workerData } from 'node:worker_threads';
import { decodeBatch, type WorkerReply, type WorkerRequest } from './sqlite-worker-protocol';
import { sqliteBatchWriter } from './sqlite-writer';

const port = parentPort;
if (!port) throw new Error('sqlite-worker.ts runs as a worker thread');
lowerThisThreadPriority();
const file = (workerData as { file: string }).file;
// Opened on the first batch, inside its try: a missing table is that batch's error, not a crash.
let writer: ReturnType<typeof sqliteBatchWriter> | undefined;

port.on('message', (m: WorkerRequest) => {
  if (m.kind === 'close') {
    writer?.close();
    port.close();
    return;
  }
  let reply: WorkerReply;
  try {
    writer ??= sqliteBatchWriter(file);
    writer.write(decodeBatch(m));
    reply = { id: m.id, ok: true };
  } catch (err) {
    reply = { id: m.id, ok: false, error: (err as Error).message };
  }
  port.postMessage(reply);
});
