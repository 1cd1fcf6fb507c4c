// Hostile input against the running server: uploads that once took it down, generated uploads,
// secrets a viewer must never read, connections after an early answer, and an SVG that asks a
// renderer for 10⁸ elements. Each must end in a clear 4xx with the server alive and responsive.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { profileArbitraries } from '../../tests/helpers/hostile-profiles';
import { Api, expect, test } from '../fixtures';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MEDIA = path.join(ROOT, '.e2e/sqlite/media');

async function upload(api: Api, body: Buffer, name = 'hostile') {
  return api.ctx.post(`/api/profiling/import?name=${encodeURIComponent(name)}`, {
    data: body,
    headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': api.csrfToken, origin: api.baseURL },
    timeout: 60_000,
  });
}

async function pingMs(api: Api): Promise<number> {
  const t0 = performance.now();
  const res = await api.get('/api/ping');
  expect(res.status()).toBe(200);
  return performance.now() - t0;
}

async function token(api: Api, role: 'viewer' | 'operator' | 'admin'): Promise<string> {
  const res = await api.send('POST', '/api/tokens', { name: `hostile-${role}-${Date.now()}`, role });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

const frame = (n: string) => ({ functionName: n, scriptId: '0', url: 'x.js', lineNumber: 1, columnNumber: 1 });

test.describe('profile uploads', () => {
  test('the reproductions answer 422 with a reason while the server keeps answering', async ({ adminApi }) => {
    test.setTimeout(120_000);
    const selfChild = Buffer.from(
      JSON.stringify({
        nodes: [{ id: 1, callFrame: frame('(root)'), children: [1] }],
        startTime: 0,
        endTime: 1,
        samples: [1],
        timeDeltas: [1],
      }),
    );
    const deep = (n: number) =>
      gzipSync(
        JSON.stringify({
          nodes: Array.from({ length: n }, (_, i) => ({
            id: i + 1,
            callFrame: frame(`f${i}`),
            children: i + 1 < n ? [i + 2] : [],
          })),
          startTime: 0,
          endTime: 1,
          samples: [n],
          timeDeltas: [1],
        }),
      );
    const cases: [string, Buffer, RegExp][] = [
      ['a node that is its own child', selfChild, /lists itself as its child/],
      [
        'two nodes that are each other’s child',
        Buffer.from(
          JSON.stringify({
            nodes: [
              { id: 1, callFrame: frame('a'), children: [2] },
              { id: 2, callFrame: frame('b'), children: [1] },
            ],
            startTime: 0,
            endTime: 1,
          }),
        ),
        /cycle/,
      ],
      ['a 20,000-deep chain', deep(20_000), /deeper than/],
      [
        '30,000 nested speedscope events',
        gzipSync(
          JSON.stringify({
            $schema: 'https://www.speedscope.app/file-format-schema.json',
            shared: { frames: [{ name: 'f' }] },
            profiles: [
              {
                type: 'evented',
                unit: 'none',
                startValue: 0,
                endValue: 1,
                events: Array.from({ length: 30_000 }, (_, i) => ({ type: 'O', frame: 0, at: i })),
              },
            ],
          }),
        ),
        /deep/,
      ],
      [
        '"children": 5',
        Buffer.from(
          '{"nodes":[{"id":1,"callFrame":{"functionName":"a","url":"","lineNumber":1,"columnNumber":1},"children":5}],"startTime":0,"endTime":1}',
        ),
        /children/,
      ],
      [
        '"endTime": "x"',
        Buffer.from(
          '{"nodes":[{"id":1,"callFrame":{"functionName":"a","url":"","lineNumber":1,"columnNumber":1}}],"startTime":0,"endTime":"x"}',
        ),
        /endTime/,
      ],
    ];
    for (const [name, body, why] of cases) {
      const res = await upload(adminApi, body, name);
      expect(res.status(), `${name}: ${await res.text()}`).toBe(422);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(why);
    }

    // 400 MB of whitespace, gzipped: refused at the inflate limit on the reader's thread while the
    // main thread keeps answering.
    const bomb = gzipSync(Buffer.concat([Buffer.from('{'), Buffer.alloc(400 * 1024 * 1024, 0x20), Buffer.from('}')]));
    const pending = upload(adminApi, bomb, 'whitespace');
    let done = false;
    void pending.finally(() => {
      done = true;
    });
    const pings: number[] = [];
    while (!done) pings.push(await pingMs(adminApi));
    expect((await pending).status()).toBe(422);
    console.log(`ping during the 400 MB upload: max ${Math.max(...pings).toFixed(0)} ms over ${pings.length}`);
    expect(Math.max(...pings)).toBeLessThan(250);
    expect((await adminApi.get('/api/health')).status()).toBe(200);
  });

  test('generated uploads of every format: never a 5xx, and the server alive', async ({ adminApi }) => {
    const runs = Number(process.env.FUZZ_RUNS ?? 1_000);
    test.setTimeout(runs * 500 + 60_000);
    const statuses = new Map<number, number>();
    for (const [format, arb] of Object.entries(profileArbitraries)) {
      const inputs = fc.sample(arb, { numRuns: runs, seed: 28 });
      // Four at a time: within the reader's queue, so "busy" is not what is measured.
      for (let i = 0; i < inputs.length; i += 4) {
        const answers = await Promise.all(inputs.slice(i, i + 4).map((b) => upload(adminApi, b, `fuzz ${format}`)));
        for (const res of answers) {
          statuses.set(res.status(), (statuses.get(res.status()) ?? 0) + 1);
          expect(res.status(), `${format}: ${await res.text()}`).toBeLessThan(500);
        }
      }
    }
    console.log(`generated uploads: ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect((await adminApi.get('/api/health')).status()).toBe(200);
  });
});

test('an SVG whose <use> elements expand to 10⁸ is refused at once, every time', async ({ adminApi }) => {
  let defs = '<rect id="l0" width="1" height="1"/>';
  for (let level = 1; level <= 8; level++) defs += `<g id="l${level}">${`<use href="#l${level - 1}"/>`.repeat(10)}</g>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><defs>${defs}</defs>${'<use href="#l8"/>'.repeat(10)}</svg>`;
  writeFileSync(path.join(MEDIA, 'use-bomb.png'), svg);
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    const res = await adminApi.get('/api/optimization/images?action=optimize&src=/use-bomb.png&width=50');
    expect(res.status()).toBe(422);
    expect(await res.text()).toContain('expand to more than');
    expect(performance.now() - t0).toBeLessThan(1_000);
  }
});

test.describe('what a viewer can read', () => {
  const SECRET = 'SECRETXYZ';
  let sink: http.Server;
  let sinkPort = 0;

  test.beforeAll(async () => {
    // A webhook and a scrape target that answer with text full of secrets.
    sink = http.createServer((req, res) => {
      req.resume();
      if (req.url?.startsWith('/metrics'))
        return void res.end(`${SECRET}_BODY garbage here\nkey=${SECRET}_LABEL 1\nok{a="${SECRET}_VALUE} 1\n`);
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`denied: ${SECRET}_REPLY`);
    });
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
    sinkPort = (sink.address() as AddressInfo).port;
  });
  test.afterAll(() => new Promise((r) => sink.close(r)));

  test('no GET route shows a viewer — or an admin — a planted secret or a remote answer', async ({ adminApi }) => {
    test.setTimeout(120_000);
    const opened = await adminApi.send('PUT', '/api/settings', {
      'outbound.allowRanges.scrape': '127.0.0.0/8',
      'outbound.allowRanges.webhook': '127.0.0.0/8',
    });
    expect(opened.status(), await opened.text()).toBe(200);
    const base = `http://127.0.0.1:${sinkPort}`;
    const created: Record<string, string> = {};
    for (const [name, config] of [
      [
        'hook',
        { type: 'webhook', url: `${base}/hook/${SECRET}_PATH?token=${SECRET}_QUERY`, secret: `${SECRET}_SIGNING_KEY` },
      ],
      ['slack', { type: 'slack', url: `${base}/services/T0/B0/${SECRET}_SLACK` }],
      [
        'mail',
        {
          type: 'email',
          host: '127.0.0.1',
          port: 9,
          user: 'ops',
          password: `${SECRET}_SMTP`,
          from: 'a@b.co',
          to: ['c@d.co'],
        },
      ],
    ] as const) {
      const res = await adminApi.send('POST', '/api/alerts/channels', { name: `hostile-${name}`, config });
      expect(res.status(), await res.text()).toBe(201);
      created[name] = ((await res.json()) as { id: string }).id;
      expect(JSON.stringify(await (await adminApi.get('/api/alerts/channels')).json())).not.toContain(SECRET);
    }
    for (const name of ['hook', 'slack']) await adminApi.send('POST', `/api/alerts/channels/${created[name]}/test`);
    const target = await adminApi.send('POST', '/api/scrape/targets', {
      name: 'hostile-target',
      url: `http://ops:${SECRET}_PASSWORD@127.0.0.1:${sinkPort}/metrics?token=${SECRET}_TOKEN`,
    });
    expect(target.status(), await target.text()).toBe(201);
    const targetId = ((await target.json()) as { id: string }).id;
    const scraped = await adminApi.send('POST', `/api/scrape/targets/${targetId}/scrape`);
    expect(scraped.status(), await scraped.text()).toBeLessThan(300);
    // The deliveries are attempted (and fail on the sink's 500) before the walk.
    await expect
      .poll(async () => JSON.stringify(await (await adminApi.get('/api/alerts/deliveries')).json()), {
        timeout: 15_000,
      })
      .toContain('HTTP 500');

    const viewerCreds = await adminApi.createUser('viewer');
    const viewer = await Api.signIn(adminApi.baseURL, viewerCreds);
    const doc = (await (await adminApi.get('/api/openapi.json')).json()) as {
      paths: Record<
        string,
        Record<string, { parameters?: { name: string; in: string; schema?: { enum?: string[] } }[] }>
      >;
    };
    const ids: Record<string, string> = { channels: created.hook ?? 'x', targets: targetId };
    const urls: string[] = [];
    for (const [p, ops] of Object.entries(doc.paths)) {
      const get = ops.get;
      if (!get || p.includes('realtime') || p.includes('/download')) continue;
      const filled = p.replace(/\{(\w+)\}/g, (_m, name: string) => {
        for (const [resource, id] of Object.entries(ids)) if (p.includes(resource)) return id;
        return name === 'name' ? 'scrape' : 'x';
      });
      const actions = get.parameters?.find((q) => q.name === 'action' && q.in === 'query')?.schema?.enum;
      if (actions) for (const a of actions) urls.push(`${filled}?action=${a}&src=/photos/sample.jpg&id=x`);
      else urls.push(filled);
    }
    expect(urls.length).toBeGreaterThan(30);
    for (const [who, api] of [
      ['viewer', viewer],
      ['admin', adminApi],
    ] as const) {
      const seen: string[] = [];
      for (const u of urls) {
        const res = await api.ctx.get(u, { timeout: 15_000 }).catch(() => null);
        if (!res) continue;
        const text = await res.text();
        if (text.includes(SECRET))
          seen.push(
            `${u} (${res.status()}): …${text.slice(Math.max(0, text.indexOf(SECRET) - 80), text.indexOf(SECRET) + 40)}…`,
          );
      }
      expect(seen, `${who} read a secret`).toEqual([]);
    }
    await viewer.dispose();
    await adminApi.send('PUT', '/api/settings', {
      'outbound.allowRanges.scrape': null,
      'outbound.allowRanges.webhook': null,
    });
  });
});

test.describe('a connection after an early answer', () => {
  let tok = '';
  test.beforeAll(async ({ baseURL }) => {
    const admin = await Api.signIn(baseURL ?? '');
    tok = await token(admin, 'operator');
    await admin.dispose();
  });

  /** Sends a request with `body`, reads its answer, then asks GET /api/ping on the same socket. */
  async function reuse(
    baseURL: string,
    head: string,
    body: Buffer,
  ): Promise<{ first: string; second: string; ms: number }> {
    const url = new URL(baseURL);
    const s = net.connect(Number(url.port), url.hostname);
    s.on('error', () => undefined);
    let text = '';
    s.on('data', (d) => {
      text += d.toString('latin1');
    });
    s.write(`${head}Host: ${url.host}\r\nContent-Length: ${body.length}\r\n\r\n`);
    const sent = new Promise((r) => s.write(body, r));
    const until = async (pred: () => boolean, ms: number) => {
      const end = Date.now() + ms;
      while (!pred() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    };
    await until(() => text.includes('\r\n\r\n'), 15_000);
    await sent;
    await new Promise((r) => setTimeout(r, 100)); // the rest of the first answer's body
    const first = text.split('\r\n')[0] ?? '';
    const mark = text.length;
    const t0 = Date.now();
    s.write(`GET /api/ping HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`);
    await until(() => text.slice(mark).includes('"ok":true') || s.destroyed, 15_000);
    s.destroy();
    return { first, second: text.slice(mark).split('\r\n')[0] ?? '', ms: Date.now() - t0 };
  }

  test('after every refusal the next request on the connection is answered at once', async ({ baseURL }) => {
    const bearer = () => `Authorization: Bearer ${tok}\r\n`;
    const cases: [string, string, Buffer, string][] = [
      [
        '413: a gzip body that inflates past the limit',
        `POST /v1/traces HTTP/1.1\r\n${bearer()}Content-Type: application/x-protobuf\r\nContent-Encoding: gzip\r\n`,
        gzipSync(randomBytes(20 * 1024 * 1024)),
        '413',
      ],
      [
        '413: a declared length over the limit',
        `POST /api/ingest/metrics HTTP/1.1\r\n${bearer()}Content-Type: application/json\r\n`,
        Buffer.alloc(6 * 1024 * 1024, 0x20),
        '413',
      ],
      [
        '413: metrics that inflate past the limit',
        `POST /api/ingest/metrics HTTP/1.1\r\n${bearer()}Content-Type: application/json\r\nContent-Encoding: gzip\r\n`,
        gzipSync(randomBytes(7 * 1024 * 1024)),
        '413',
      ],
      [
        '415: a wrong type',
        `POST /v1/traces HTTP/1.1\r\n${bearer()}Content-Type: text/plain\r\n`,
        randomBytes(1 << 20),
        '415',
      ],
      [
        '400: malformed protobuf',
        `POST /v1/traces HTTP/1.1\r\n${bearer()}Content-Type: application/x-protobuf\r\n`,
        Buffer.alloc(2 << 20, 0xff),
        '400',
      ],
      [
        '401: no token',
        'POST /v1/traces HTTP/1.1\r\nContent-Type: application/x-protobuf\r\n',
        randomBytes(2 << 20),
        '401',
      ],
    ];
    for (const [name, head, body, status] of cases) {
      const r = await reuse(baseURL ?? '', head, body);
      expect(r.first, name).toContain(status);
      expect(r.second, name).toBe('HTTP/1.1 200 OK');
      expect(r.ms, name).toBeLessThan(1_000);
    }
  });
});
