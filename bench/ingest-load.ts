// The ingest load bench:ingest and the ingest gate share: batches of 1,000 histogram points over 50
// series, sent to Redline (/api/ingest/metrics) or VictoriaMetrics (/api/v1/import), with the
// figure counted as what reached the store.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { drive, startRedline, token, waitFor } from './harness';

export const BATCH = 1_000;
const SERIES = 50;

/** One batch: 1,000 latency observations across 50 series (service × route), timestamps now. */
function points(k: number, now: number) {
  return Array.from({ length: BATCH }, (_, i) => {
    const s = (k * BATCH + i) % SERIES;
    return {
      name: 'bench_latency_ms',
      labels: { service: `svc${s % 10}`, route: `/r${Math.floor(s / 10)}` },
      value: ((k * 7919 + i * 104729) % 2000) / 3 + 1,
      ts: now - (i % 1000),
    };
  });
}

// Bodies are built 16 at a time and reused, so the client spends its CPU on sending, and rebuilt every
// 2 s so timestamps stay current as a live service's would (a fixed set of timestamps replayed
// for a minute is not a workload anyone has, and skews both stores' indexes).
const BODIES = 16;
const REFRESH_MS = 2_000;
const encode = {
  redline: (k: number, now: number) =>
    JSON.stringify({
      metrics: points(k, now).map((p) => ({
        name: p.name,
        type: 'histogram',
        labels: p.labels,
        value: p.value,
        timestamp: p.ts,
      })),
    }),
  vm: (k: number, now: number) =>
    points(k, now)
      .map((p) => JSON.stringify({ metric: { __name__: p.name, ...p.labels }, values: [p.value], timestamps: [p.ts] }))
      .join('\n'),
};
const built = { redline: { at: 0, bodies: [] as string[] }, vm: { at: 0, bodies: [] as string[] } };
function body(kind: keyof typeof encode, k: number): string {
  const set = built[kind];
  const now = Date.now();
  if (now - set.at >= REFRESH_MS) {
    set.bodies = Array.from({ length: BODIES }, (_, i) => encode[kind](i, now));
    set.at = now;
  }
  return set.bodies[k % BODIES] as string;
}

export async function redline(
  provider: 'sqlite' | 'postgresql',
  port: number,
  seconds: number,
  concurrency: number,
  env: Record<string, string> = {},
) {
  const server = await startRedline(provider, port, {
    METRICS_FLUSH_MAX_POINTS: '20000',
    METRICS_FLUSH_INTERVAL_MS: '500',
    INGEST_MAX_ITEMS: '10000',
    ...env,
  });
  try {
    const auth = `Bearer ${await token(server.url, 'operator')}`;
    const res = await drive(seconds, concurrency, (k) =>
      fetch(`${server.url}/api/ingest/metrics`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: body('redline', k),
      }),
    );
    // Throughput is what is stored: wait (up to 5 min) until every accepted point is written,
    // and count that time too.
    const accepted = res.ok * BATCH;
    let stored = await countStored(server.dbUrl, provider);
    const drainStart = performance.now();
    while (stored < accepted && performance.now() - drainStart < 300_000) {
      await new Promise((r) => setTimeout(r, 500));
      stored = await countStored(server.dbUrl, provider);
    }
    const drainSeconds = (performance.now() - drainStart) / 1000;
    return { name: `Redline · ${provider}`, res, stored, drainSeconds };
  } finally {
    await server.stop();
  }
}

async function countStored(dbUrl: string, provider: string): Promise<number> {
  if (provider === 'sqlite') {
    const db = new Database(dbUrl.slice('file:'.length), { readonly: true });
    const n = (
      db.prepare(`SELECT COALESCE(SUM("count"), 0) AS n FROM "MetricChunk" WHERE name = 'bench_latency_ms'`).get() as {
        n: number;
      }
    ).n;
    db.close();
    return n;
  }
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  const n = Number(
    (await c.query(`SELECT COALESCE(SUM("count"), 0) AS n FROM "MetricChunk" WHERE name = 'bench_latency_ms'`)).rows[0]
      .n,
  );
  await c.end();
  return n;
}

export async function victoria(port: number, seconds: number, concurrency: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vm-bench-'));
  const vm = spawn(
    'victoria-metrics',
    [
      `-storageDataPath=${dir}`,
      `-httpListenAddr=127.0.0.1:${port}`,
      '-retentionPeriod=1d',
      '-loggerLevel=ERROR',
      '-search.latencyOffset=0s',
    ],
    { stdio: 'ignore' },
  );
  try {
    const url = `http://127.0.0.1:${port}`;
    await waitFor(`${url}/health`, 30_000);
    const res = await drive(seconds, concurrency, (k) =>
      fetch(`${url}/api/v1/import`, { method: 'POST', body: body('vm', k) }),
    );
    await fetch(`${url}/internal/force_flush`);
    await new Promise((r) => setTimeout(r, 2_000));
    const q = (await (
      await fetch(`${url}/api/v1/query?query=${encodeURIComponent('sum(count_over_time(bench_latency_ms[1h]))')}`)
    ).json()) as { data: { result: { value: [number, string] }[] } };
    return {
      name: 'VictoriaMetrics 1.79 (Debian)',
      res,
      stored: Number(q.data.result[0]?.value[1] ?? Number.NaN),
      drainSeconds: 0,
    };
  } finally {
    vm.kill('SIGTERM');
    await new Promise((r) => vm.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}
