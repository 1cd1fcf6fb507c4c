// Early answers and the connection they leave: after a 413 on a body read part way (through a web
// stream over the request, as Next.js reads it) or a 503 on a body never read, the same keep-alive
// connection answers the client's next request at once.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISCARD_MAX_BYTES, guardUnreadBody } from '@/lib/server/unread-body';

let server: http.Server;
let port = 0;
/** Listeners on the connection's socket when each /refuse request arrived. */
const closeListeners: number[] = [];

/** What Next.js does with a request body: a web stream fed by iterating the Node stream. */
const webBody = (req: http.IncomingMessage) =>
  new ReadableStream<Uint8Array>({
    start: async (controller) => {
      for await (const chunk of req) controller.enqueue(new Uint8Array(chunk as Buffer));
      controller.close();
    },
  });

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    if (Number(req.headers['content-length'] ?? 0) > 0) guardUnreadBody(req, res);
    if (req.url === '/refuse') {
      closeListeners.push(req.socket.listenerCount('close'));
      return void res.writeHead(503, { 'retry-after': '1' }).end('busy');
    }
    if (req.url === '/limit') {
      // Reads 64 KiB through a web stream, then gives up on the body and answers 413.
      const reader = webBody(req).getReader();
      let seen = 0;
      while (seen < 65_536) {
        const { done, value } = await reader.read();
        if (done) break;
        seen += value.byteLength;
      }
      await reader.cancel().catch(() => undefined);
      return void res.writeHead(413).end('too large');
    }
    res.end('pong');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((r) => server.close(r)));

/** Sends `first` with a body of `bytes`, then GET /ping on the same socket; the second answer's line and wait. */
async function reuse(first: string, bytes: number): Promise<{ firstLine: string; second: string; ms: number }> {
  const s = net.connect(port, '127.0.0.1');
  s.on('error', () => undefined);
  let text = '';
  s.on('data', (d) => {
    text += d.toString('latin1');
  });
  s.write(`POST ${first} HTTP/1.1\r\nHost: x\r\nContent-Length: ${bytes}\r\n\r\n`);
  // The body in 1 MiB pieces, as fast as the socket takes them, until it is sent or the socket is cut.
  const piece = Buffer.alloc(1_048_576, 0x61);
  const sent = (async () => {
    for (let sent = 0; sent < bytes && !s.destroyed; sent += piece.length) {
      const part = bytes - sent >= piece.length ? piece : piece.subarray(0, bytes - sent);
      if (!s.write(part)) await new Promise((r) => s.once('drain', r).once('close', r));
    }
  })();
  const until = async (pred: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!pred() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  };
  await until(() => text.includes('\r\n\r\n'), 5_000);
  const firstLine = text.split('\r\n')[0] ?? '';
  await sent; // the whole body is on its way (or the socket was cut)
  const mark = text.length;
  const t0 = Date.now();
  s.write('GET /ping HTTP/1.1\r\nHost: x\r\n\r\n');
  await until(() => text.slice(mark).includes('pong') || s.destroyed, 10_000);
  s.destroy();
  return { firstLine, second: text.slice(mark).split('\r\n')[0] ?? '', ms: Date.now() - t0 };
}

describe('a connection after an early answer', () => {
  it.each([
    ['a 503 before the body is read', '/refuse', 6_000_000, '503'],
    ['a 413 after part of the body was read', '/limit', 6_000_000, '413'],
    ['a 413 on a body larger than the socket buffers', '/limit', 30_000_000, '413'],
  ])('%s: the next request is answered at once', async (_name, path, bytes, status) => {
    const r = await reuse(path, bytes);
    expect(r.firstLine).toContain(status);
    expect(r.second).toBe('HTTP/1.1 200 OK');
    expect(r.ms).toBeLessThan(2_000);
  });

  it('leaves nothing behind on a keep-alive socket that carries many refusals', async () => {
    closeListeners.length = 0;
    const s = net.connect(port, '127.0.0.1');
    let text = '';
    s.on('data', (d) => {
      text += d.toString('latin1');
    });
    for (let i = 0; i < 15; i++) {
      const before = text.length;
      s.write(`POST /refuse HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n`);
      s.write(Buffer.alloc(200_000, 0x61));
      while (!text.slice(before).includes('busy')) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 20)); // the rest of the body is drained
    }
    s.destroy();
    expect(closeListeners).toHaveLength(15);
    expect(closeListeners[14]).toBe(closeListeners[1]);
  });

  it(`a client sending far past its answer (over ${DISCARD_MAX_BYTES} bytes) is cut off`, async () => {
    const r = await reuse('/refuse', 4 * DISCARD_MAX_BYTES);
    expect(r.firstLine).toContain('503');
    expect(r.second).not.toBe('HTTP/1.1 200 OK');
  });
});
