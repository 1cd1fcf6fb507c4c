// A request answered before its body was read (413 on an inflated body, 401, 415, 503) leaves the
// rest of that body on the connection, and a keep-alive client's next request waits behind it —
// or, if the socket is closed while the client is still sending, the client gets a reset instead
// of its answer. So after such an answer the rest of the body is read and thrown away, within a
// bound of bytes and time, and the connection carries the client's next request; a client that
// sends past the bound has its socket cut.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What is read at most after an answer, and for how long, before the socket is cut. */
export const DISCARD_MAX_BYTES = 64 * 1024 * 1024;
export const DISCARD_MAX_MS = 10_000;

/** Reads and drops what is left of `req`'s body; cuts the socket past the bounds. */
function discardRest(req: IncomingMessage): void {
  // Whatever was reading the body gave up on it (a web stream over the request, say): its listeners
  // go, or they would take the rest and fail on it (and a failing reader destroys the socket).
  req.removeAllListeners('data');
  req.removeAllListeners('readable');
  req.on('data', () => undefined);
  req.resume();
  // Counted on the socket: a body nobody started to read is dropped by Node's parser unseen.
  const socket = req.socket;
  const from = socket.bytesRead;
  const deadline = Date.now() + DISCARD_MAX_MS;
  const watch = setInterval(() => {
    if (socket.bytesRead - from > DISCARD_MAX_BYTES || Date.now() > deadline) socket.destroy();
  }, 100);
  watch.unref();
  // A keep-alive socket carries many requests: nothing of this one may stay on it.
  const stop = () => {
    clearInterval(watch);
    socket.off('close', stop);
  };
  req.once('end', stop);
  socket.once('close', stop);
}

/** Call once per request that carries a body, before it is handed on. */
export function guardUnreadBody(req: IncomingMessage, res: ServerResponse): void {
  res.once('finish', () => {
    if (!req.complete && !req.destroyed) discardRest(req);
  });
}
