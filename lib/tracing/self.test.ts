import { describe, expect, it } from 'vitest';
import { sqlOperation } from '../self-monitor/db-observer';
import { addChild, traceResponse } from '../observability/context';
import { put } from '../process/registry';
import { TRACE_ARRIVALS, TraceArrivals } from './rate-limit';
import { beginTrace, parseTraceparent, traceRecords } from './self';

const T = '4bf92f3577b34da6a3ce929d0e0e4736';
const P = '00f067aa0ba902b7';

describe("Redline's own traces", () => {
  it('join the caller’s trace from a well-formed traceparent only', () => {
    expect(parseTraceparent(`00-${T}-${P}-01`)).toEqual({ traceId: T, spanId: P });
    expect(parseTraceparent(`00-${'0'.repeat(32)}-${P}-01`)).toBeNull();
    expect(parseTraceparent(`00-${T}-${'0'.repeat(16)}-01`)).toBeNull();
    expect(parseTraceparent('00-short-ids-01')).toBeNull();
    expect(parseTraceparent(null)).toBeNull();
    const joined = beginTrace(new Headers({ traceparent: `00-${T}-${P}-01` }), 1);
    expect(joined).toMatchObject({ traceId: T, parentId: P });
    expect(joined?.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(beginTrace(new Headers(), 1)?.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('get distinct random ids, across refills of the entropy they are cut from', () => {
    const traces = Array.from({ length: 1_000 }, () => beginTrace(new Headers(), 1));
    const ids = traces.flatMap((t) => (t ? [t.traceId, t.spanId] : []));
    expect(new Set(ids).size).toBe(2_000);
    expect(ids.every((id) => /^[0-9a-f]{16}([0-9a-f]{16})?$/.test(id))).toBe(true);
  });

  it('are head-sampled by the rate', () => {
    expect(beginTrace(new Headers(), 0)).toBeUndefined();
    const kept = Array.from({ length: 2_000 }, () => beginTrace(new Headers(), 0.25)).filter(Boolean).length;
    expect(kept).toBeGreaterThan(400);
    expect(kept).toBeLessThan(600);
  });

  it('become a server span with a client span per statement under it', () => {
    const trace = beginTrace(new Headers(), 1);
    if (!trace) throw new Error('sampled at rate 1');
    addChild(trace, { name: sqlOperation('SELECT "id" FROM "User" WHERE "id" = ?'), kind: 3, attributes: {} }, 2.5);
    const [root, child, ...rest] = traceRecords(trace, { method: 'GET', route: '/api/x', path: '/api/x', status: 503 });
    expect(rest).toEqual([]);
    expect(root).toMatchObject({ service: 'redline', name: 'GET /api/x', kind: 2, status: 2, parentId: null });
    expect(root?.attributes['http.response.status_code']).toBe(503);
    expect(child).toMatchObject({
      name: 'SELECT User',
      kind: 3,
      parentId: trace.spanId,
      traceId: trace.traceId,
      durationUs: 2_500,
    });
  });

  it('over the traces-per-second limit are still traced, held for the tail decision and not marked sampled', () => {
    const arrivals = new TraceArrivals();
    arrivals.add(100_000); // 10,000 a second against the default limit of 100: 1% kept
    put(TRACE_ARRIVALS, arrivals);
    try {
      const traces = Array.from({ length: 200 }, () => beginTrace(new Headers(), 1));
      expect(traces.every(Boolean)).toBe(true);
      const held = traces.filter((t) => t?.held);
      expect(held.length).toBeGreaterThan(180);
      const one = held[0];
      if (!one) throw new Error('none held');
      expect(traceResponse(one)).toMatch(/-00$/);
      expect(traceResponse({ ...one, held: false })).toMatch(/-01$/);
    } finally {
      put(TRACE_ARRIVALS, undefined);
    }
  });

  it('name statements by verb and table', () => {
    expect(sqlOperation('INSERT INTO "Audit" ("a") VALUES (?)')).toBe('INSERT Audit');
    expect(sqlOperation('UPDATE "Setting" SET "v" = ?')).toBe('UPDATE Setting');
    expect(sqlOperation('BEGIN')).toBe('BEGIN');
  });
});
