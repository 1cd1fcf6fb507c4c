// The proxy's HTTP/1.1 handling on real sockets: request bodies (sized and chunked), HEAD,
// streamed answers of unknown length, HTTP/1.0 clients, pipelining, 100-continue, slow clients,
// backends closing kept-alive connections, timeouts, and what it refuses (malformed requests,
// oversized heads, upgrades, slow heads).
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProxyOptions, LoadBalancer } from '@/lib/lb/proxy';

let backend: http.Server;
let backendPort: number;
let lb: LoadBalancer;
let port: number;
const seen: { method: string; url: string; headers: http.IncomingHttpHeaders; bytes: number }[] = [];
const BIG = Buffer.alloc(4 * 1024 * 1024, 'x');

beforeAll(async () => {
  backend = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://backend');
    if (url.pathname === '/early') {
      // Refuses at once, without reading the body (as a server over its upload limit does).
      res.writeHead(413, { 'content-type': 'text/plain', 'content-length': '8', connection: 'close' });
      res.end('too big\n');
      return;
    }
    let bytes = 0;
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, bytes });
      if (url.pathname === '/stream') {
        // No length: three pieces 100 ms apart.
        res.writeHead(200, { 'content-type': 'text/plain' });
        let n = 0;
        const t = setInterval(() => {
          res.write(`piece ${n}\n`);
          if (++n === 3) {
            clearInterval(t);
            res.end();
          }
        }, 100);
        return;
      }
      if (url.pathname === '/big') return void res.end(BIG);
      // Node's server writes header values a byte per char (latin1), as it reads them.
      if (url.pathname === '/latin1')
        return void res.writeHead(200, { 'x-said': req.headers['x-name'] ?? '', 'content-length': '0' }).end();
      if (url.pathname === '/hang') return; // never answers
      const json = JSON.stringify({
        method: req.method,
        url: req.url,
        bytes,
        host: req.headers.host ?? null,
        te: req.headers['transfer-encoding'] ?? null,
      });
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(json),
        connection: 'keep-alive',
        'keep-alive': 'timeout=5',
      });
      res.end(json);
    });
  });
  // Kept-alive connections are closed by the backend soon after each answer.
  backend.keepAliveTimeout = 150;
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
  backendPort = (backend.address() as AddressInfo).port;
  lb = new LoadBalancer({
    ...defaultProxyOptions(),
    algorithm: 'round-robin',
    healthChecksEnabled: false,
    timeoutMs: 400,
    client: { keepAliveMs: 65_000, headersTimeoutMs: 500, maxHeaderSize: 16_384 },
  });
  lb.upsert({
    id: 'b1',
    host: '127.0.0.1',
    port: backendPort,
    weight: 1,
    pool: 'stable',
    maxConnections: 64,
    enabled: true,
  });
  port = await lb.listen(0);
});

afterAll(async () => {
  await lb.close();
  backend.closeAllConnections();
  await new Promise((r) => backend.close(r));
});

function request(
  opts: http.RequestOptions,
  body?: (req: http.ClientRequest) => void,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; at: number[] }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, agent: false, ...opts }, (res) => {
      let text = '';
      const at: number[] = [];
      const t0 = Date.now();
      res.on('data', (c: Buffer) => {
        text += c.toString();
        at.push(Date.now() - t0);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, at }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body) body(req);
    else req.end();
  });
}

/** Raw bytes in, everything the proxy answers until it closes (or `untilMs`). */
function raw(payload: string | Buffer, untilMs = 3_000): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(payload));
    let out = '';
    s.on('data', (d) => (out += d.toString('latin1')));
    const t = setTimeout(() => s.destroy(), untilMs);
    s.on('close', () => {
      clearTimeout(t);
      resolve(out);
    });
    s.on('error', () => undefined);
  });
}

const activeNow = () => lb.backends.get('b1')?.active;

describe('proxy on the wire', () => {
  it('streams request bodies, sized and chunked, to the backend', async () => {
    const sized = await request(
      { method: 'POST', path: '/echo', headers: { 'content-type': 'text/plain', 'content-length': '11' } },
      (r) => r.end('hello world'),
    );
    expect(JSON.parse(sized.body)).toMatchObject({ method: 'POST', bytes: 11, te: null });
    const chunked = await request({ method: 'PUT', path: '/echo' }, (r) => {
      r.write(Buffer.alloc(70_000, 'a'));
      setTimeout(() => r.end(Buffer.alloc(30_000, 'b')), 50);
    });
    expect(JSON.parse(chunked.body)).toMatchObject({ method: 'PUT', bytes: 100_000, te: 'chunked' });
  });

  it('answers HEAD without a body, and drops the backend’s hop-by-hop headers', async () => {
    const r = await request({ method: 'HEAD', path: '/echo' });
    expect(r.status).toBe(200);
    expect(r.body).toBe('');
    expect(r.headers['keep-alive']).toBeUndefined();
    const get = await request({ path: '/echo' });
    expect(get.headers['keep-alive']).toBeUndefined();
    expect(Number(get.headers['content-length'])).toBe(get.body.length);
  });

  it('passes an answer of unknown length on as it comes (chunked), not at the end', async () => {
    const r = await request({ path: '/stream' });
    expect(r.headers['transfer-encoding']).toBe('chunked');
    expect(r.body).toBe('piece 0\npiece 1\npiece 2\n');
    expect(r.at.length).toBeGreaterThanOrEqual(3);
    expect((r.at[r.at.length - 1] ?? 0) - (r.at[0] ?? 0)).toBeGreaterThanOrEqual(150);
  });

  it('serves HTTP/1.0 clients: a host is supplied, and an answer without length ends with the connection', async () => {
    const echo = await raw('GET /echo HTTP/1.0\r\n\r\n');
    expect(echo).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(echo).toContain('connection: close');
    expect(JSON.parse(echo.slice(echo.indexOf('\r\n\r\n') + 4)).host).toBe(`127.0.0.1:${backendPort}`);
    const stream = await raw('GET /stream HTTP/1.0\r\n\r\n');
    expect(stream).not.toContain('transfer-encoding');
    expect(stream.endsWith('piece 0\npiece 1\npiece 2\n')).toBe(true);
  });

  it('answers pipelined requests in order on one connection', async () => {
    const out = await raw(
      'GET /stream HTTP/1.1\r\nHost: a\r\n\r\nGET /echo?n=2 HTTP/1.1\r\nHost: a\r\n\r\nGET /echo?n=3 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n',
    );
    const statuses = out.match(/HTTP\/1\.1 200 OK/g) ?? [];
    expect(statuses).toHaveLength(3);
    expect(out.indexOf('piece 2')).toBeLessThan(out.indexOf('/echo?n=2'));
    expect(out.indexOf('/echo?n=2')).toBeLessThan(out.indexOf('/echo?n=3'));
  });

  it('passes header bytes outside ASCII on unchanged, both ways', async () => {
    const out = await raw(
      Buffer.concat([
        Buffer.from('GET /latin1 HTTP/1.1\r\nHost: a\r\nX-Name: caf'),
        Buffer.from([0xe9]),
        Buffer.from('\r\nConnection: close\r\n\r\n'),
      ]),
    );
    expect(seen.at(-1)?.headers['x-name']).toBe('caf\u00e9'); // the one byte 0xE9 arrived, not UTF-8's two
    expect(out).toContain('x-said: caf\u00e9\r\n'); // read back as latin1: 0xE9 again
  });

  it('closes its side after answering a request that asks to close, even when the client keeps its own open', async () => {
    // The proxy stops reading after such a request, so it would never see the client's close: it
    // must close the connection itself once the answer is out (no socket left behind).
    const clients = (lb as unknown as { clients: Set<unknown> }).clients;
    const out = await new Promise<string>((resolve) => {
      const s = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true }, () =>
        s.write('GET /echo?n=9 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n'),
      );
      let text = '';
      s.on('data', (d) => (text += d.toString()));
      s.on('end', () => {
        resolve(text); // the proxy's FIN; this side stays open
        setTimeout(() => s.destroy(), 2_000);
      });
    });
    expect(out).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(out).toContain('connection: close');
    await expect.poll(() => clients.size, { timeout: 1_000 }).toBe(0);
  });

  it('passes 100 Continue on before the final answer', async () => {
    const out = await new Promise<string>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () =>
        s.write(
          'POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n',
        ),
      );
      let text = '';
      s.on('data', (d) => {
        text += d.toString();
        if (text.startsWith('HTTP/1.1 100 Continue\r\n\r\n') && !text.includes('200 OK')) s.write('abcd');
      });
      s.on('close', () => resolve(text));
    });
    expect(out).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK/);
    expect(out).toContain('"bytes":4');
  });

  it('a slow client gets its whole answer, and the connection it used serves the next request', async () => {
    const body = await new Promise<number>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/big', agent: false }, (res) => {
        res.pause(); // the proxy's buffers fill and it stops reading from the backend
        let n = 0;
        setTimeout(() => {
          res.on('data', (c: Buffer) => (n += c.length));
          res.on('end', () => resolve(n));
          res.resume();
        }, 400);
      });
      req.end();
    });
    expect(body).toBe(BIG.length);
    const next = await Promise.all(Array.from({ length: 20 }, () => request({ path: '/echo' })));
    expect(next.every((r) => r.status === 200)).toBe(true);
    await expect.poll(activeNow).toBe(0);
  });

  it('a kept-alive connection the backend closed is replaced without a failure counted', async () => {
    await request({ path: '/echo' });
    await new Promise((r) => setTimeout(r, 400)); // the backend has closed its side meanwhile
    const b = lb.backends.get('b1');
    const errors = b?.errors;
    const r = await request({ path: '/echo' });
    expect(r.status).toBe(200);
    expect(b?.errors).toBe(errors);
    expect(b?.passive.failures).toBe(0);
  });

  it('a backend that answers before the request body ends: the client gets the answer, the connection closes, the rest of the body is never read as a request', async () => {
    const out = await raw(
      'POST /early HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\nGET /echo?smuggled=1 HTTP/1.1\r\nHost: a\r\n\r\n',
    );
    expect(out).toMatch(/^HTTP\/1\.1 413 /);
    expect(out).toContain('connection: close');
    expect(out.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    expect(seen.some((s) => s.url.includes('smuggled'))).toBe(false);
    expect((await request({ path: '/echo' })).status).toBe(200);
    await expect.poll(activeNow).toBe(0);
  });

  it('answers 504 when the backend says nothing within the timeout', async () => {
    const started = Date.now();
    const r = await request({ path: '/hang' });
    expect(r.status).toBe(504);
    expect(JSON.parse(r.body).error.code).toBe('gateway_timeout');
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect.poll(activeNow).toBe(0);
  });

  it('refuses malformed requests, oversized heads, upgrades and tunnels with a clear 4xx/5xx', async () => {
    expect(
      await raw('GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'),
    ).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*"code":"bad_request"/);
    expect(await raw('NOT A REQUEST\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
    expect(await raw(`GET / HTTP/1.1\r\nHost: a\r\nX-Big: ${'y'.repeat(20_000)}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431 /);
    expect(await raw('GET /ws HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n')).toMatch(
      /^HTTP\/1\.1 501 /,
    );
    expect(await raw('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n')).toMatch(/^HTTP\/1\.1 501 /);
    // Nothing of those reached the backend, and the proxy still serves.
    expect(seen.some((s) => s.headers.upgrade || s.method === 'CONNECT')).toBe(false);
    expect((await request({ path: '/echo' })).status).toBe(200);
  });

  it('closes a connection whose request head does not arrive in time (408)', async () => {
    const started = Date.now();
    const out = await raw('GET / HTTP/1.1\r\nHost: a\r\n', 4_000);
    expect(out).toMatch(/^HTTP\/1\.1 408 /);
    expect(Date.now() - started).toBeLessThan(3_500);
  });
});
