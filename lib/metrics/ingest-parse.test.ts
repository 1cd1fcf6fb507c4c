import { describe, expect, it } from 'vitest';
import { parseIngestBody, pointsOf } from './ingest-parse';

const now = Date.UTC(2026, 11, 4, 12);
const bytes = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

describe('parseIngestBody', () => {
  it('turns a batch into distinct series and typed arrays, item by item', () => {
    const out = parseIngestBody(
      bytes({
        metrics: [
          { name: 'a', type: 'gauge', labels: { y: '2', x: '1' }, value: 1, timestamp: now },
          { name: 'a', type: 'gauge', labels: { x: '1', y: '2' }, value: 2, timestamp: now },
          { name: 'bad name', type: 'gauge', value: 3 },
          { name: 'h', type: 'histogram', values: [4, 5] },
        ],
      }),
      now,
      now - 60_000,
      100,
    );
    if (!out.ok) throw new Error(out.error.message);
    const b = out.batch;
    expect(b.series).toEqual([
      ['gauge', 'a', '{"x":"1","y":"2"}'],
      ['histogram', 'h', '{}'],
    ]);
    expect([...b.seriesIndex]).toEqual([0, 0, 1, 1]);
    expect([...b.values]).toEqual([1, 2, 4, 5]);
    expect([...b.items]).toEqual([0, 1, 3, 3]);
    expect(b.rejected.map((r) => r.index)).toEqual([2]);
    const points = pointsOf(b, new Set([1]));
    expect(points).toHaveLength(2);
    expect(points[0]).toMatchObject({ name: 'a', labels: { x: '1', y: '2' }, key: '{"x":"1","y":"2"}', value: 1 });
    expect(points[0]?.labels).toBe(points[1]?.labels); // shared per series
  });

  it('names what is wrong with the body as the route wrapper would', () => {
    const parse = (body: string) => parseIngestBody(bytes(body), now, 0, 2);
    expect(parse('{"metrics": [')).toMatchObject({ ok: false, error: { code: 'invalid_json' } });
    expect(parse('  ')).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(parse('{"metrics": []}')).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', message: 'metrics: metrics must not be empty' },
    });
    expect(parse('{"metrics": [1], "x": 1}')).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(parse('{"metrics": [1, 2, 3]}')).toMatchObject({
      ok: false,
      error: { code: 'payload_too_large', details: { limit: 2 } },
    });
  });
});
