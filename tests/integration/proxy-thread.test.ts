// The proxy as the product runs it: in a thread of its own, driven from the main thread through
// ProxyThread (mirror of the backends, reports every 0.5 s). Real HTTP through the thread's
// listener; a backend changed, disabled, drained and removed from the main thread; the thread
// started again, on the same port with the same backends, after it dies.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProxyOptions } from '@/lib/lb/proxy';
import { ProxyThread } from '@/lib/lb/remote';

let backend: http.Server;
let backendPort: number;
let proxy: ProxyThread;
let port: number;
const health: string[] = [];

function get(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

beforeAll(async () => {
  backend = http.createServer((req, res) => {
    if (req.url === '/slow') return void setTimeout(() => res.end('slow'), 300);
    res.end(req.url === '/health' ? 'ok' : `hello ${req.headers['x-forwarded-for']}`);
  });
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
  backendPort = (backend.address() as AddressInfo).port;
  proxy = new ProxyThread(
    {
      ...defaultProxyOptions(),
      algorithm: 'round-robin',
      healthCheck: { path: '/health', intervalMs: 200, timeoutMs: 500, expectedStatus: 200, rise: 1, fall: 2 },
    },
    { health: (b, s) => health.push(`${b}:${s}`) },
    100,
  );
  port = await proxy.listen(0, '127.0.0.1');
  proxy.upsert({
    id: 'b1',
    host: '127.0.0.1',
    port: backendPort,
    weight: 1,
    pool: 'stable',
    maxConnections: 16,
    enabled: true,
  });
});

afterAll(async () => {
  await proxy.close();
  backend.closeAllConnections();
  await new Promise((r) => backend.close(r));
});

describe('proxy thread', () => {
  it('serves through the thread and reports its backends to the main thread', async () => {
    await expect.poll(() => proxy.eligible('b1'), { timeout: 5_000 }).toBe(true);
    expect(health).toContain('b1:up');
    const r = await get('/');
    expect(r).toEqual({ status: 200, body: 'hello 127.0.0.1' });
    await Promise.all(Array.from({ length: 20 }, () => get('/')));
    await expect.poll(() => proxy.backends.get('b1')?.report?.requests, { timeout: 2_000 }).toBe(21);
    expect(proxy.totals.requests).toBe(21);
    expect(proxy.backends.get('b1')?.report?.byClass[2]).toBe(21);
    expect(proxy.totals.p50).toBeGreaterThan(0);
  });

  it('applies changes made on the main thread: disable, enable, drain', async () => {
    proxy.patch('b1', { enabled: false });
    expect((await get('/')).status).toBe(503);
    proxy.patch('b1', { enabled: true });
    expect((await get('/')).status).toBe(200);
    const slow = get('/slow');
    await new Promise((r) => setTimeout(r, 50));
    expect(await proxy.drain('b1', 5_000)).toBe(true); // waited for the slow one
    expect((await slow).status).toBe(200);
    expect((await get('/')).status).toBe(503);
    proxy.patch('b1', { draining: false });
    expect((await get('/')).status).toBe(200);
    const report = await proxy.refresh();
    expect(report.backends.map((b) => b.id)).toEqual(['b1']);
  });

  it('a thread that dies is started again on the same port with the same backends', async () => {
    const worker = (proxy as unknown as { worker: { terminate: () => Promise<number> } }).worker;
    await worker.terminate();
    await expect
      .poll(async () => (await get('/').catch(() => ({ status: 0 }))).status, { timeout: 10_000, interval: 200 })
      .toBe(200);
    expect(proxy.backends.has('b1')).toBe(true);
  });
});
