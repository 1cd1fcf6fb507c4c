// Scraping real HTTP endpoints: counters become increments, errors are recorded on the target.
import '../helpers/open-loopback';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, type Db, switchDatabase } from '@/lib/db';
import { applyMigrations } from '@/lib/db/migrate';
import { metrics } from '@/lib/metrics';
import { scrapeTarget } from '@/lib/scrape/service';
import { createTestDatabase, type TestDatabase } from '../helpers/databases';

let requests = 0;
const server: Server = createServer((req, res) => {
  if (req.url === '/slow') return void setTimeout(() => res.end('up 1'), 2_000);
  if (req.url === '/garbage') return void res.end('<html>not metrics</html>');
  if (req.url === '/500') {
    res.statusCode = 500;
    return void res.end('boom');
  }
  requests++;
  res.setHeader('content-type', 'text/plain; version=0.0.4');
  res.end(
    `# TYPE app_requests_total counter\napp_requests_total{code="200"} ${100 + requests * 10}\n# TYPE app_queue gauge\napp_queue ${requests}\nbroken line here\n`,
  );
});

describe('scrape targets', () => {
  let tdb: TestDatabase;
  let db: Db;
  let base: string;
  beforeAll(async () => {
    tdb = await createTestDatabase('sqlite');
    await applyMigrations(tdb.target);
    db = await switchDatabase(tdb.target);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await metrics().stop();
    await new Promise((r) => server.close(r));
    await closeDatabase();
    await tdb.drop();
  });

  const target = (name: string, path: string, timeoutMs = 1_000) =>
    db.scrapeTarget.create({
      data: { name, url: `${base}${path}`, intervalMs: 15_000, timeoutMs, labels: JSON.stringify({ env: 'test' }) },
    });

  it('stores gauges, counter increments from the second scrape, and notes malformed lines', async () => {
    const t = await target('app', '/metrics');
    const first = await scrapeTarget(t);
    expect(first).toMatchObject({ status: 'ok', samples: 2, points: 1 }); // the counter sets its baseline
    expect(first.error).toContain('line 5');
    const second = await scrapeTarget(t);
    expect(second.points).toBe(2);
    await metrics().flush();
    const counter = await db.metricChunk.findFirstOrThrow({ where: { name: 'app_requests_total' } });
    expect(JSON.parse(counter.vals)).toEqual([10]);
    expect(JSON.parse(counter.labels)).toEqual({ code: '200', env: 'test', target: 'app' });
    const row = await db.scrapeTarget.findUniqueOrThrow({ where: { id: t.id } });
    expect(row).toMatchObject({ lastStatus: 'ok', lastSamples: 2 });
  });

  it.each([
    ['/slow', 'timed out after 300 ms'],
    ['/garbage', 'not Prometheus text'],
    ['/500', 'HTTP 500'],
  ])('records the failure of %s on the target', async (path, message) => {
    const t = await target(`bad${path.replace('/', '-')}`, path, 300);
    const r = await scrapeTarget(t);
    expect(r.status).toBe('error');
    expect(r.error).toContain(message);
    expect(await db.scrapeTarget.findUniqueOrThrow({ where: { id: t.id } })).toMatchObject({
      lastStatus: 'error',
      lastError: expect.stringContaining(message),
    });
  });
});
