import { describe, expect, it } from 'vitest';
import { compareTraces } from './compare';
import type { Attributes, SpanRecord } from './model';
import { repeatedCalls } from './patterns';

const span = (
  spanId: string,
  parentId: string | null,
  startUs: number,
  durationUs: number,
  attributes: Attributes = {},
  o: Partial<SpanRecord> = {},
): SpanRecord => ({
  traceId: 't',
  spanId,
  parentId,
  service: 'api',
  name: spanId,
  kind: 3,
  startUs,
  durationUs,
  status: 0,
  statusMessage: null,
  attributes,
  events: [],
  links: [],
  resource: {},
  scope: null,
  ...o,
});

const select = (id: number) => ({ 'db.statement': `SELECT * FROM "Item" WHERE id = ${id}` });

describe('repeated calls (N+1)', () => {
  it('finds the same statement with other literals run one after another', () => {
    const spans = [span('root', null, 0, 1000, {}, { kind: 2 })];
    for (let i = 0; i < 6; i++) spans.push(span(`q${i}`, 'root', 10 + i * 100, 80, select(i)));
    const [p] = repeatedCalls(spans);
    expect(p).toMatchObject({
      kind: 'db',
      key: 'SELECT * FROM "Item" WHERE id = ?',
      count: 6,
      totalUs: 480,
      wallUs: 480,
      order: 'sequential',
      parentId: 'root',
    });
  });

  it('finds calls made side by side (Promise.all), counting their wall time once', () => {
    const spans = Array.from({ length: 5 }, (_, i) =>
      span(`c${i}`, 'root', 100 + i, 200, { 'http.request.method': 'GET', 'url.full': `http://svc/item?id=${i}` }),
    );
    const [p] = repeatedCalls(spans);
    expect(p).toMatchObject({ kind: 'http', key: 'GET http://svc/item', count: 5, order: 'parallel' });
    expect(p?.wallUs).toBe(204);
    expect(p?.totalUs).toBe(1000);
  });

  it('leaves fewer than five, server spans and other services apart', () => {
    const spans = [
      ...Array.from({ length: 4 }, (_, i) => span(`q${i}`, 'root', i * 10, 5, select(i))),
      span('s', 'root', 0, 5, { 'url.full': 'http://x/' }, { kind: 2 }),
      ...Array.from({ length: 4 }, (_, i) => span(`o${i}`, 'root', i * 10, 5, select(i), { service: 'other' })),
    ];
    expect(repeatedCalls(spans)).toEqual([]);
  });
});

describe('compare two traces', () => {
  it('lists operations added, removed and changed, the largest change first', () => {
    const a = [span('root', null, 0, 1000, {}, { name: 'GET /' }), span('x', 'root', 0, 100, {}, { name: 'SELECT' })];
    const b = [
      span('root', null, 0, 3000, {}, { name: 'GET /' }),
      span('y1', 'root', 0, 900, {}, { name: 'SELECT' }),
      span('y2', 'root', 900, 900, {}, { name: 'SELECT' }),
      span('z', 'root', 1800, 100, {}, { name: 'fetch' }),
    ];
    const c = compareTraces({ traceId: 'a', spans: a }, { traceId: 'b', spans: b });
    expect(c.durationDeltaUs).toBe(2000);
    expect(c.operations.map((o) => [o.name, o.change, o.countA, o.countB])).toEqual([
      ['GET /', 'changed', 1, 1],
      ['SELECT', 'changed', 1, 2],
      ['fetch', 'added', 0, 1],
    ]);
    const back = compareTraces({ traceId: 'b', spans: b }, { traceId: 'a', spans: a });
    expect(back.operations.find((o) => o.name === 'fetch')?.change).toBe('removed');
  });

  it('calls a difference within clock granularity the same', () => {
    const a = [span('r', null, 0, 10_000, {}, { name: 'GET /' })];
    const b = [span('r', null, 0, 10_400, {}, { name: 'GET /' })];
    expect(compareTraces({ traceId: 'a', spans: a }, { traceId: 'b', spans: b }).operations[0]?.change).toBe('same');
  });
});
