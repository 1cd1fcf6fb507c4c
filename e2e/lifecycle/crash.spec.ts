// Acknowledged means stored: three metric writers and an OTLP exporter send to a real server, which
// is then killed (-9) or stopped (SIGTERM) mid-stream. Every batch and export it answered 2xx is
// in the database afterwards, and the database is consistent; what a crash may lose is only what
// was never acknowledged (a request in flight when the process died).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { serverArgs } from '../../lib/server/heap';
import { ADMIN } from '../credentials';
import { Api, expect, test } from '../fixtures';

const root = path.resolve(import.meta.dirname, '../..');
const PORT = 3104;
const BASE = `http://127.0.0.1:${PORT}`;
const WRITE_MS = 5_000;

test.describe.configure({ mode: 'serial' });

async function start(dir: string): Promise<{ server: ChildProcess; exited: Promise<number | null> }> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const server = spawn(process.execPath, serverArgs(), {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(PORT),
      DATABASE_URL: `file:${path.join(dir, 'redline.db')}`,
      FLEET_PROVIDER: 'none',
      // Every acknowledged export must be found stored: no trace rate limit sampling any out.
      TRACES_MAX_PER_SECOND: '0',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    },
    stdio: 'inherit',
  });
  const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
  await expect
    .poll(async () => (await fetch(`${BASE}/api/health`).catch(() => null))?.status, { timeout: 120_000 })
    .toBe(200);
  return { server, exited };
}

interface Acked {
  batches: Map<number, number[]>; // writer → acknowledged batch numbers
  traces: string[];
  sent: number;
}

/** Three metric writers and one exporter, until `stop` resolves; what was answered 2xx. */
async function write(token: string, stop: Promise<unknown>): Promise<Acked> {
  const acked: Acked = { batches: new Map(), traces: [], sent: 0 };
  let on = true;
  void stop.then(() => {
    on = false;
  });
  const base = Date.now() - 60_000;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const metricWriter = async (w: number) => {
    const mine: number[] = [];
    acked.batches.set(w, mine);
    for (let b = 0; on; b++) {
      const metrics = Array.from({ length: 10 }, (_, i) => ({
        name: `crash_w${w}`,
        type: 'gauge',
        labels: { writer: String(w) },
        value: b,
        timestamp: base + b * 10 + i,
      }));
      acked.sent++;
      const res = await fetch(`${BASE}/api/ingest/metrics`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ metrics }),
      }).catch(() => null);
      if (res?.status === 200) mine.push(b);
      else if (res?.status === 503) await new Promise((r) => setTimeout(r, 50));
      await res?.arrayBuffer().catch(() => undefined);
    }
  };
  const exporter = async () => {
    for (let t = 0; on; t++) {
      const traceId = `${t.toString(16).padStart(8, '0')}${'c0'.repeat(12)}`;
      const now = BigInt(Date.now()) * 1_000_000n;
      const spans = Array.from({ length: 20 }, (_, i) => ({
        traceId,
        spanId: `${i.toString(16).padStart(4, '0')}${'d1'.repeat(6)}`,
        name: `op ${i}`,
        kind: i === 0 ? 2 : 1,
        startTimeUnixNano: String(now - 1_000_000n),
        endTimeUnixNano: String(now),
      }));
      const body = {
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'crash' } }] },
            scopeSpans: [{ spans }],
          },
        ],
      };
      acked.sent++;
      const res = await fetch(`${BASE}/v1/traces`, { method: 'POST', headers, body: JSON.stringify(body) }).catch(
        () => null,
      );
      if (res?.status === 200) acked.traces.push(traceId);
      else if (res?.status === 503) await new Promise((r) => setTimeout(r, 50));
      await res?.arrayBuffer().catch(() => undefined);
    }
  };
  await Promise.all([metricWriter(1), metricWriter(2), metricWriter(3), exporter()]);
  return acked;
}

function check(dir: string, acked: Acked): { batches: number; traces: number } {
  const db = new Database(path.join(dir, 'redline.db'));
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    let batches = 0;
    for (const [w, list] of acked.batches) {
      const rows = db
        .prepare(
          `SELECT j.value AS value, COUNT(*) AS n FROM "MetricChunk" c, json_each(c."vals") j WHERE c.name = ? GROUP BY j.value`,
        )
        .all(`crash_w${w}`) as { value: number; n: number }[];
      const stored = new Map(rows.map((r) => [r.value, r.n]));
      for (const b of list) expect(stored.get(b), `writer ${w}, batch ${b}`).toBe(10);
      batches += list.length;
    }
    const count = db.prepare(`SELECT COUNT(*) AS n FROM "TraceSpan" WHERE "traceId" = ?`);
    for (const t of acked.traces) expect((count.get(t) as { n: number }).n, `trace ${t}`).toBe(20);
    return { batches, traces: acked.traces.length };
  } finally {
    db.close();
  }
}

/**
 * One metric batch and one export answered before the clock starts: the decode and writer threads
 * start with their first task, and on a busy machine that start would eat the seconds of writing.
 */
async function warm(token: string): Promise<void> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const metrics = [{ name: 'crash_warmup', type: 'gauge', value: 1, timestamp: Date.now() }];
  const span = { traceId: 'ff'.repeat(16), spanId: 'ee'.repeat(8), name: 'warm', kind: 2 };
  const now = BigInt(Date.now()) * 1_000_000n;
  const traces = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'crash' } }] },
        scopeSpans: [
          { spans: [{ ...span, startTimeUnixNano: String(now - 1_000_000n), endTimeUnixNano: String(now) }] },
        ],
      },
    ],
  };
  for (const [url, body] of [
    ['/api/ingest/metrics', { metrics }],
    ['/v1/traces', traces],
  ] as const)
    await expect
      .poll(
        async () => (await fetch(`${BASE}${url}`, { method: 'POST', headers, body: JSON.stringify(body) })).status,
        { timeout: 60_000 },
      )
      .toBe(200);
}

async function operatorToken(): Promise<string> {
  const admin = await Api.signIn(BASE);
  const res = await admin.send('POST', '/api/tokens', { name: 'crash', role: 'operator' });
  const { token } = (await res.json()) as { token: string };
  await admin.dispose();
  return token;
}

for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
  test(`${signal} under ingest: every acknowledged batch and export is stored, the database consistent`, async () => {
    test.setTimeout(180_000);
    const dir = path.join(root, `.e2e/crash-${signal.toLowerCase()}`);
    const { server, exited } = await start(dir);
    try {
      const token = await operatorToken();
      await warm(token);
      const stop = new Promise((r) => setTimeout(r, WRITE_MS)).then(() => server.kill(signal));
      const acked = await write(token, exited);
      await stop;
      const code = await exited;
      if (signal === 'SIGTERM') expect(code).toBe(0);
      const found = check(dir, acked);
      console.log(
        `${signal}: ${found.batches} metric batches and ${found.traces} exports acknowledged, all stored (${acked.sent} sent)`,
      );
      expect(found.batches).toBeGreaterThan(20);
      expect(found.traces).toBeGreaterThan(5);
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
    }
  });
}
