// A Zipkin reporter's v2 JSON over real HTTP: stored like OTLP spans and found by id, with the
// error tag and the parent link kept; wrong types, malformed lists and missing tokens refused.
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { SQLITE_URL } from '../credentials';
import { expect, test } from '../fixtures';

test('Zipkin v2 spans are stored and read back as a trace', async ({ adminApi }) => {
  const { token } = (await (
    await adminApi.send('POST', '/api/tokens', { name: `zipkin-${Date.now()}`, role: 'operator' })
  ).json()) as { token: string };
  const traceId = randomBytes(8).toString('hex');
  const [root, child] = [randomBytes(8).toString('hex'), randomBytes(8).toString('hex')];
  const now = Date.now() * 1000;
  const spans = [
    {
      traceId,
      id: root,
      name: 'get /cart',
      kind: 'SERVER',
      timestamp: now - 50_000,
      duration: 40_000,
      localEndpoint: { serviceName: 'zipkin-cart' },
      tags: { 'http.path': '/cart', error: 'boom' },
    },
    {
      traceId,
      id: child,
      parentId: root,
      name: 'select',
      kind: 'CLIENT',
      timestamp: now - 45_000,
      duration: 10_000,
      localEndpoint: { serviceName: 'zipkin-cart' },
      remoteEndpoint: { serviceName: 'mysql' },
    },
  ];
  const post = (body: Buffer | string, headers: Record<string, string>) =>
    fetch(`${SQLITE_URL}/api/v2/spans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, ...headers },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
  const ok = await post(gzipSync(JSON.stringify(spans)), {
    'content-type': 'application/json',
    'content-encoding': 'gzip',
  });
  expect(ok.status).toBe(202);
  expect(await ok.json()).toMatchObject({ accepted: 2, rejected: 0 });

  const stored = (await (await adminApi.get(`/api/traces/${traceId.padStart(32, '0')}`)).json()) as {
    summary: { errors: number; rootName: string };
    spans: { spanId: string; parentId: string | null; attributes: Record<string, unknown> }[];
  };
  expect(stored.summary).toMatchObject({ errors: 1, rootName: 'get /cart' });
  expect(stored.spans.find((s) => s.spanId === child)).toMatchObject({
    parentId: root,
    attributes: { 'peer.service': 'mysql' },
  });

  expect((await post('[]', { 'content-type': 'application/x-protobuf' })).status).toBe(415);
  const malformed = await post('{"not":"a list"}', { 'content-type': 'application/json' });
  expect(malformed.status).toBe(400);
  expect(((await malformed.json()) as { error: { message: string } }).error.message).toMatch(/Zipkin v2/);
  const invalid = await post(JSON.stringify([{ traceId: '0', id: '0', timestamp: now, duration: 1 }]), {
    'content-type': 'application/json',
  });
  expect(invalid.status).toBe(400);
  const anonymous = await fetch(`${SQLITE_URL}/api/v2/spans`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '[]',
  });
  expect(anonymous.status).toBe(401);
});
