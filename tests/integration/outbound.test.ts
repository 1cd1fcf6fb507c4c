// Every user-configured destination is under one outbound policy: loopback, private and metadata
// addresses are refused in every IPv6 spelling, after redirects too, unless an operator opens a
// range for that kind of destination; delivery logs keep a status, never the remote reply.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testChannel } from '@/lib/alerts/channel-test';
import { createChannel } from '@/lib/alerts/service';
import { settingsPatchSchema } from '@/lib/config/runtime-settings';
import { db } from '@/lib/db';
import { FetchRefused } from '@/lib/net/guarded-fetch';
import { outboundRequest, resolveOutbound } from '@/lib/net/outbound';
import { createTarget } from '@/lib/scrape/targets';
import { scrapeTarget } from '@/lib/scrape/service';
import { refreshLiveSettings } from '@/lib/settings/live';
import { updateSettings } from '@/lib/settings/service';
import { currentTestDatabase } from '../helpers/databases';

const SECRET_REPLY = '{"data":[{"token":"rl_internal_secret_value"}]}';

function listen(host: string, handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  return new Promise((resolve) =>
    server.listen(0, host, () => resolve({ server, port: (server.address() as AddressInfo).port })),
  );
}

describe('the outbound policy', () => {
  let drop: () => Promise<void>;
  let internal: { server: Server; port: number };
  let other: { server: Server; port: number };
  const hits: string[] = [];

  beforeAll(async () => {
    drop = (await currentTestDatabase('sqlite')).drop;
    // Stands for an internal service (Redline's own API, a metadata endpoint): it answers secrets.
    internal = await listen('127.0.0.1', (req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/redirect') {
        res.writeHead(302, { location: `http://127.0.0.2:${other.port}/inner` }).end();
        return;
      }
      res.writeHead(req.url === '/fail' ? 500 : 200, { 'content-type': 'application/json' }).end(SECRET_REPLY);
    });
    other = await listen('127.0.0.2', (_req, res) => res.end('inner'));
  });

  afterAll(async () => {
    internal.server.close();
    other.server.close();
    await drop();
  });

  async function openRanges(patch: Record<string, string | null>) {
    await updateSettings(patch as Parameters<typeof updateSettings>[0], 'test');
    await refreshLiveSettings();
  }

  it('refuses a webhook channel pointed at an internal address, and logs no reply', async () => {
    const ch = await createChannel({
      name: 'internal',
      enabled: true,
      config: { type: 'webhook', url: `http://127.0.0.1:${internal.port}/api/tokens` },
    });
    const before = hits.length;
    const d = await testChannel(ch.id);
    expect(d.status).not.toBe('sent');
    expect(d.lastError).toMatch(/loopback/);
    expect(JSON.stringify(d)).not.toContain('rl_internal');
    expect(hits.length).toBe(before); // never even connected
    const rows = await db().alertDelivery.findMany();
    expect(JSON.stringify(rows)).not.toContain('rl_internal');
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://10.0.0.1/metrics', 'private'],
    ['http://[::ffff:7f00:1]:9/metrics', 'loopback'],
    ['http://[::ffff:a9fe:a9fe]/', 'link-local'],
    ['http://[2002:7f00:1::]/', 'loopback'],
  ])('refuses the scrape target %s (%s)', async (url, reason) => {
    const t = await createTarget({
      name: `t-${reason}-${url.length}`,
      url,
      intervalMs: 15_000,
      timeoutMs: 2_000,
      labels: {},
      enabled: true,
    });
    const r = await scrapeTarget(t);
    expect(r.status).toBe('error');
    expect(r.error).toContain(reason);
  });

  it('refuses SMTP hosts and CDN probes on internal addresses', async () => {
    await expect(resolveOutbound('smtp', '127.0.0.1')).rejects.toThrow(/loopback/);
    await expect(resolveOutbound('smtp', 'localhost')).rejects.toThrow(/loopback/);
    await expect(
      outboundRequest('cdnHealth', `http://127.0.0.1:${internal.port}/`, { maxBytes: 1024, timeoutMs: 2_000 }),
    ).rejects.toBeInstanceOf(FetchRefused);
  });

  it('opens a range for one kind of destination only, and keeps checking after redirects', async () => {
    await openRanges({ 'outbound.allowRanges.webhook': '127.0.0.1/32' });
    const ok = await outboundRequest('webhook', `http://127.0.0.1:${internal.port}/hook`, {
      method: 'POST',
      body: '{}',
      maxBytes: 1024,
      timeoutMs: 2_000,
    });
    expect(ok.status).toBe(200);
    // Still closed for scrape targets.
    await expect(
      outboundRequest('scrape', `http://127.0.0.1:${internal.port}/metrics`, { maxBytes: 1024, timeoutMs: 2_000 }),
    ).rejects.toThrow(/loopback/);
    // A redirect from the opened address to one that is not is refused at the second hop.
    await expect(
      outboundRequest('webhook', `http://127.0.0.1:${internal.port}/redirect`, {
        maxBytes: 1024,
        timeoutMs: 2_000,
        maxRedirects: 2,
      }),
    ).rejects.toThrow(/127\.0\.0\.2 is a loopback address/);
  });

  it('keeps the status of a failed delivery, not what the remote end answered', async () => {
    const ch = await createChannel({
      name: 'failing',
      enabled: true,
      config: { type: 'webhook', url: `http://127.0.0.1:${internal.port}/fail` },
    });
    const d = await testChannel(ch.id);
    expect(d.responseCode).toBe(500);
    expect(d.lastError).toBe('HTTP 500');
    await openRanges({ 'outbound.allowRanges.webhook': null });
  });

  it('refuses a bad range with the entry named', async () => {
    const r = settingsPatchSchema.safeParse({ 'outbound.allowRanges.scrape': '10.0.0.0/8,nonsense' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('nonsense');
  });
});
