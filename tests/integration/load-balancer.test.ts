// The proxy in front of a real fleet: the sample service run as child processes by the local
// provider, real HTTP through the proxy's own listener. Spread, a backend killed mid-load
// (ejected, restarted with back-off, no client errors for retried idempotent requests), all
// backends down (503 + Retry-After, recovery without restart), sticky sessions, traffic split,
// connection limits with a bounded queue, forwarded headers, failing commands and orphans.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLocalOptions, type FleetCommand, LocalProvider, restartDelay } from '@/lib/fleet/local-provider';
import { defaultProxyOptions, LoadBalancer } from '@/lib/lb/proxy';

const dir = mkdtempSync(path.join(os.tmpdir(), 'redline-lb-'));
const SAMPLE: FleetCommand = {
  command: process.execPath,
  args: [path.resolve('fleet/sample-service.mjs')],
  env: {},
  healthPath: '/health',
};
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}
function get(port: number, p: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: p, headers, agent }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}
const who = (r: Reply) => (JSON.parse(r.body) as { id: string }).id;

function sync(lb: LoadBalancer, fleet: LocalProvider, extra: Partial<{ pool: string; maxConnections: number }> = {}) {
  for (const i of fleet.list())
    lb.upsert({
      id: i.id,
      host: '127.0.0.1',
      port: i.port,
      weight: 1,
      pool: extra.pool ?? 'stable',
      maxConnections: extra.maxConnections ?? 256,
      enabled: true,
    });
}

afterAll(() => {
  agent.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('proxy in front of a local fleet', () => {
  let fleet: LocalProvider;
  let lb: LoadBalancer;
  let port: number;
  beforeAll(async () => {
    fleet = new LocalProvider(SAMPLE, {
      ...defaultLocalOptions(path.join(dir, 'fleet.json')),
      backoff: { baseMs: 300, maxMs: 2_000 },
    });
    await fleet.scaleTo(3);
    lb = new LoadBalancer({
      ...defaultProxyOptions(),
      algorithm: 'round-robin',
      healthCheck: { path: '/health', intervalMs: 200, timeoutMs: 300, expectedStatus: 200, rise: 1, fall: 2 },
    });
    sync(lb, fleet);
    port = await lb.listen(0);
    for (let i = 0; i < 100 && [...lb.backends.values()].filter((b) => b.health.status === 'up').length < 3; i++)
      await new Promise((r) => setTimeout(r, 100));
  }, 30_000);
  afterAll(async () => {
    await lb.close();
    await fleet.close();
  });

  it('spreads requests across the instances and passes X-Forwarded-* and traceparent on', async () => {
    const seen: Record<string, number> = {};
    for (let i = 0; i < 90; i++) {
      const id = who(await get(port, '/?work=0'));
      seen[id] = (seen[id] ?? 0) + 1;
    }
    expect(Object.values(seen)).toEqual([30, 30, 30]);
    const echo = JSON.parse(
      (await get(port, '/echo', { host: 'shop.example', 'x-forwarded-for': '203.0.113.9' })).body,
    ) as { headers: Record<string, string> };
    expect(echo.headers['x-forwarded-for']).toBe('203.0.113.9, 127.0.0.1');
    expect(echo.headers['x-forwarded-host']).toBe('shop.example');
    expect(echo.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const tp = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(
      (JSON.parse((await get(port, '/echo', { traceparent: tp })).body) as { headers: Record<string, string> }).headers
        .traceparent,
    ).toBe(tp);
    // A request body streams through, and the answer's headers come back without hop-by-hop ones.
    const posted = await new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>(
      (resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            path: '/echo',
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/octet-stream' },
          },
          (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
          },
        );
        req.on('error', reject);
        req.end(Buffer.alloc(200_000, 7));
      },
    );
    expect(posted.status).toBe(200);
    expect((JSON.parse(posted.body) as { bytes: number }).bytes).toBe(200_000);
    expect(posted.headers['content-type']).toBe('application/json');
    const stats = [...lb.backends.values()].map((b) => ({ requests: b.requests, p95: b.latency().p95 }));
    expect(stats.every((s) => s.requests >= 30 && (s.p95 ?? 0) > 0)).toBe(true);
  });

  it('clients that hang up mid-request do not get backends ejected', async () => {
    // A load generator stopping (or users closing tabs) abandons requests in flight: that is not the backends' fault.
    await Promise.all(
      Array.from({ length: 24 }, () => {
        const req = http.get({ host: '127.0.0.1', port, path: '/?sleep=300', agent: false });
        req.on('error', () => undefined);
        return new Promise((r) => setTimeout(() => r(req.destroy()), 50));
      }),
    );
    await new Promise((r) => setTimeout(r, 400));
    expect([...lb.backends.values()].map((b) => b.passive.ejectedUntil)).toEqual([0, 0, 0]);
    expect([...lb.backends.values()].every((b) => b.breaker.state === 'closed' && b.active === 0)).toBe(true);
    expect((await get(port, '/')).status).toBe(200);
  });

  it('with every backend down answers 503 + Retry-After, and recovers without a restart', async () => {
    for (const b of lb.backends.values()) b.spec = { ...b.spec, enabled: false };
    const r = await get(port, '/');
    expect(r.status).toBe(503);
    expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'unavailable' } });
    for (const b of lb.backends.values()) b.spec = { ...b.spec, enabled: true };
    expect((await get(port, '/')).status).toBe(200);
  });

  it('sticky sessions keep a client on its backend through the cookie', async () => {
    lb.options.sticky = { enabled: true, cookie: 'lb-session', maxAgeMs: 60_000 };
    try {
      const first = await get(port, '/');
      const cookie = String(first.headers['set-cookie']?.[0] ?? '');
      expect(cookie).toMatch(/^lb-session=i-[0-9a-f]{8}; Max-Age=60; Path=\/; HttpOnly; SameSite=Lax$/);
      const pinned = who(first);
      for (let i = 0; i < 10; i++) {
        const r = await get(port, '/', { cookie: cookie.split(';')[0] as string });
        expect(who(r)).toBe(pinned);
        expect(r.headers['set-cookie']).toBeUndefined(); // already where it belongs
      }
    } finally {
      lb.options.sticky = { ...lb.options.sticky, enabled: false };
    }
  });

  it('splits traffic between pools by weight (canary 20%)', async () => {
    const canary = fleet.list()[1];
    if (!canary) throw new Error('no instance');
    const b = lb.backends.get(canary.id);
    if (!b) throw new Error('no backend');
    b.spec = { ...b.spec, pool: 'canary' };
    lb.options.split = { stable: 80, canary: 20 };
    try {
      let toCanary = 0;
      for (let i = 0; i < 500; i++) if (who(await get(port, '/?work=0')) === canary.id) toCanary++;
      expect(toCanary / 500).toBeGreaterThan(0.13);
      expect(toCanary / 500).toBeLessThan(0.27);
    } finally {
      lb.options.split = null;
      b.spec = { ...b.spec, pool: 'stable' };
    }
  });

  it('queues at the connection limit and refuses with 503 + Retry-After when the queue is full', async () => {
    for (const b of lb.backends.values()) b.spec = { ...b.spec, maxConnections: 1 };
    lb.options.queue = { size: 2, timeoutMs: 5_000 };
    try {
      const replies = await Promise.all(Array.from({ length: 8 }, () => get(port, '/?sleep=300')));
      const ok = replies.filter((r) => r.status === 200).length;
      const refused = replies.filter((r) => r.status === 503);
      expect(ok).toBe(5); // three in flight, two queued
      expect(refused).toHaveLength(3);
      expect(refused.every((r) => r.headers['retry-after'] === '1' && /queue is full/.test(r.body))).toBe(true);
    } finally {
      for (const b of lb.backends.values()) b.spec = { ...b.spec, maxConnections: 256 };
      lb.options.queue = { size: 256, timeoutMs: 2_000 };
    }
  });

  it('a backend killed mid-load is ejected and restarted; idempotent requests see no errors', async () => {
    const victim = fleet.list()[0];
    if (!victim?.pid) throw new Error('no victim');
    let stop = false;
    const outcomes: number[] = [];
    const load = Array.from({ length: 8 }, async () => {
      while (!stop) outcomes.push((await get(port, '/?work=1').catch(() => ({ status: 0 }) as Reply)).status);
    });
    await new Promise((r) => setTimeout(r, 300));
    const killedAt = Date.now();
    process.kill(victim.pid, 'SIGKILL');
    await expect.poll(() => lb.backends.get(victim.id)?.health.status, { timeout: 5_000, interval: 50 }).toBe('down');
    const ejectedIn = Date.now() - killedAt;
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await Promise.all(load);
    expect(ejectedIn).toBeLessThan(2 * 200 + 300 + 500); // fall × interval + one timeout, with slack
    expect(outcomes.length).toBeGreaterThan(50);
    expect(outcomes.filter((s) => s !== 200)).toEqual([]); // connection failures were retried elsewhere
    // The provider restarts it (same id and port) after its back-off; the health check lets it back in.
    await expect.poll(() => fleet.list().find((i) => i.id === victim.id)?.state, { timeout: 10_000 }).toBe('running');
    expect(fleet.list().find((i) => i.id === victim.id)?.restarts).toBe(1);
    await expect.poll(() => lb.backends.get(victim.id)?.health.status, { timeout: 5_000 }).toBe('up');
    const history = lb.backends.get(victim.id)?.history ?? [];
    expect(history.some((h) => !h.ok) && history.at(-1)?.ok).toBe(true);
  }, 30_000);

  it('drains a backend before its instance stops: nothing in flight is cut', async () => {
    const [gone] = fleet.list();
    if (!gone) throw new Error('no instance');
    const slow = Array.from({ length: 6 }, () => get(port, '/?sleep=400'));
    await new Promise((r) => setTimeout(r, 100));
    await fleet.stop(gone.id, async (id) => {
      await lb.drain(id, 5_000);
      lb.remove(id);
    });
    expect((await Promise.all(slow)).map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(fleet.list().map((i) => i.id)).not.toContain(gone.id);
    expect(lb.backends.has(gone.id)).toBe(false);
  });
});

describe('local provider', () => {
  it('reports a command that fails to start, with its output, and backs off instead of storming', async () => {
    const fleet = new LocalProvider(
      {
        command: process.execPath,
        args: ['-e', 'console.error("cannot bind: config missing"); process.exit(3)'],
        env: {},
        healthPath: '/health',
      },
      { ...defaultLocalOptions(path.join(dir, 'failing.json')), backoff: { baseMs: 200, maxMs: 5_000 } },
    );
    try {
      await fleet.scaleTo(1);
      await new Promise((r) => setTimeout(r, 1_600));
      const [i] = fleet.list();
      expect(i?.output).toContain('cannot bind: config missing');
      expect(i?.lastExit?.code).toBe(3);
      expect(['backoff', 'starting']).toContain(i?.state); // waiting out its back-off, or trying again
      // 200, 400, 800 ms … : about three restarts in 1.6 s, not dozens.
      expect(i?.restarts).toBeGreaterThanOrEqual(1);
      expect(i?.restarts).toBeLessThanOrEqual(4);
    } finally {
      await fleet.close();
    }
    expect(restartDelay(1, 1_000, 60_000)).toBe(1_000);
    expect(restartDelay(4, 1_000, 60_000)).toBe(8_000);
    expect(restartDelay(20, 1_000, 60_000)).toBe(60_000);
  });

  it('never runs the command through a shell', async () => {
    const marker = path.join(dir, 'pwned');
    const fleet = new LocalProvider(
      {
        command: process.execPath,
        args: ['-e', 'process.exit(0)', `; touch ${marker}`],
        env: {},
        healthPath: '/health',
      },
      { ...defaultLocalOptions(path.join(dir, 'shell.json')), readyTimeoutMs: 500 },
    );
    await fleet.scaleTo(1);
    await fleet.close();
    const { existsSync } = await import('node:fs');
    expect(existsSync(marker)).toBe(false);
  });

  it('stops instances a killed Redline left behind, on the next start', async () => {
    const stateFile = path.join(dir, 'orphans.json');
    const orphan = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore', detached: true });
    writeFileSync(stateFile, JSON.stringify({ owner: 1, pids: [orphan.pid] }));
    const exited = new Promise<string | null>((r) => orphan.once('exit', (_code, signal) => r(signal)));
    const fleet = new LocalProvider(SAMPLE, defaultLocalOptions(stateFile));
    expect(fleet.cleanupOrphans()).toEqual([orphan.pid]);
    expect(await exited).toBe('SIGKILL');
    await fleet.close();
  });
});
