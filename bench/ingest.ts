// npm run bench:ingest — sustained ingest throughput over 60 s in batches of 1,000 points:
// Redline on SQLite, Redline on PostgreSQL, and VictoriaMetrics (Debian's victoria-metrics,
// /api/v1/import) fed the same points from the same client, one after the other.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { control, controlMs, drive, fmt, percentile, startRedline, token, verdict, waitFor } from './harness';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const BATCH = 1_000;
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

async function redline(provider: 'sqlite' | 'postgresql', port: number) {
  const server = await startRedline(provider, port, {
    METRICS_FLUSH_MAX_POINTS: '20000',
    METRICS_FLUSH_INTERVAL_MS: '500',
    INGEST_MAX_ITEMS: '10000',
  });
  try {
    const auth = `Bearer ${await token(server.url, 'operator')}`;
    const res = await drive(SECONDS, CONCURRENCY, (k) =>
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

async function victoria(port: number) {
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
    const res = await drive(SECONDS, CONCURRENCY, (k) =>
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

const only = process.argv[2];
if ((!only || only === 'victoria') && spawnSync('victoria-metrics', ['-version']).error) {
  console.error(
    'victoria-metrics is not installed: apt-get install -y victoria-metrics (or run `npm run bench:ingest -- sqlite`)',
  );
  process.exit(1);
}
const before = controlMs();
const results = [];
if (!only || only === 'sqlite') results.push(await redline('sqlite', 3201));
if (!only || only === 'postgresql') results.push(await redline('postgresql', 3202));
if (!only || only === 'victoria') results.push(await victoria(8429));

const c = control(before);
console.log(
  `\nIngest, ${SECONDS} s, batches of ${BATCH} points, ${CONCURRENCY} concurrent clients, 2-core machine (client and server share it)\n`,
);
console.log(
  '| target | stored points/s | accepted points/s | stored points | drain after the run | batch p50 | batch p99 | 503/429 back-offs |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
const rates = new Map<string, number>();
for (const { name, res, stored, drainSeconds } of results) {
  const storedRate = stored / (res.seconds + drainSeconds);
  rates.set(name, storedRate);
  console.log(
    `| ${name} | **${fmt(storedRate)}** | ${fmt((res.ok * BATCH) / res.seconds)} | ${fmt(stored)} | ${drainSeconds.toFixed(1)} s | ${percentile(res.latencies, 50).toFixed(1)} ms | ${percentile(res.latencies, 99).toFixed(1)} ms | ${res.retried} |`,
  );
}
// The figures against the targets, and the control that says whether this run could tell.
const TARGETS: [string, number][] = [
  ['Redline · sqlite', 150_000],
  ['Redline · postgresql', 100_000],
];
console.log(
  `\ncontrol (fixed CPU work in the client, before and after): ${c.before.toFixed(0)} ms → ${c.after.toFixed(0)} ms, moved ${(c.moved * 100).toFixed(0)}%`,
);
for (const [name, target] of TARGETS) {
  const rate = rates.get(name);
  if (rate !== undefined)
    console.log(
      `${name}: ${fmt(rate)} points/s stored, target ≥ ${fmt(target)}: ${verdict(rate, target, 'higher', c)}`,
    );
}
const vm = results.find((r) => r.name.startsWith('VictoriaMetrics'));
if (vm)
  for (const name of rates.keys())
    if (!name.startsWith('VictoriaMetrics')) {
      const ratio = (rates.get(name) ?? 0) / (rates.get(vm.name) ?? 1);
      console.log(
        `${name} / VictoriaMetrics: ${ratio.toFixed(2)}×, goal ≥ 0.25×: ${verdict(ratio, 0.25, 'higher', c)}`,
      );
    }
