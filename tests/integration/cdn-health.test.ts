// Multi-CDN health checks against local HTTP servers: an up target, a failing one and one that
// does not answer in time; every probe is stored and the active target follows failover order.
import '../helpers/open-loopback';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const server = http.createServer((req, res) => {
  if (req.url === '/ok') return res.writeHead(200).end('ok');
  if (req.url === '/fail') return res.writeHead(503).end('down');
  setTimeout(() => res.writeHead(200).end('late'), 2_000); // /slow
});
let drop: () => Promise<void>;

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    CDN_HEALTH_TARGETS: `primary=${base}/fail,secondary=${base}/slow,tertiary=${base}/ok`,
    CDN_HEALTH_CHECK_TIMEOUT: '300',
    CDN_HEALTH_CHECK_INTERVAL: '1000',
  });
  const { currentTestDatabase } = await import('../helpers/databases');
  ({ drop } = await currentTestDatabase('sqlite'));
});
afterAll(async () => {
  await drop();
  server.closeAllConnections();
  server.close();
});

describe('CDN health checks', () => {
  it('probe the due targets, keep each outcome and fail over in order', async () => {
    const { checkDue, healthStatus } = await import('@/lib/cdn/health');
    const t0 = Date.now();
    expect(await checkDue(t0)).toEqual({ probed: 3, down: 2 });
    expect(await checkDue(t0 + 500)).toEqual({ probed: 0, down: 0 }); // not due yet
    expect(await checkDue(t0 + 1_000)).toEqual({ probed: 3, down: 2 });
    const s = await healthStatus();
    expect(s.active).toBe('tertiary');
    expect(s.targets.map((t) => [t.name, t.state, t.checks24h])).toEqual([
      ['primary', 'down', 2],
      ['secondary', 'down', 2],
      ['tertiary', 'up', 2],
    ]);
    expect(s.targets[0]?.lastError).toBe('HTTP 503');
    expect(s.targets[1]?.lastError).toMatch(/no answer within 300 ms/);
    expect(s.targets[2]).toMatchObject({ uptime24h: 1 });
    expect(s.targets[2]?.lastLatencyMs).toBeGreaterThan(0);
    expect(s.targets[2]?.history).toHaveLength(2);
  });
});
