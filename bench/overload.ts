// npm run bench:overload — what Redline does when offered more than it can serve. One instance on
// SQLite; first its sustainable rate (closed loop) on metric ingest and on a dashboard page, then
// an open-loop load of 2× and 4× that rate for BENCH_SECONDS (60) each over up to 256 connections,
// with /api/health probed 10 times a second throughout. Prints the share shed (503 + Retry-After),
// the p99 of accepted requests, the health p99, peak RSS against idle, and for ingest how many
// accepted points reached the database. Latency counts from each request's scheduled start, so a
// client waiting for a free connection counts against the server (no coordinated omission).
import { readdirSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import http from 'node:http';
import Database from 'better-sqlite3';
import { drive, fmt, percentile, startRedline, token } from './harness';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const FACTORS = (process.env.BENCH_FACTORS ?? '2,4').split(',').map(Number);
const PORT = Number(process.env.BENCH_PORT ?? 3222);
const TARGETS = (process.env.BENCH_TARGETS ?? 'ingest,page').split(',') as ('ingest' | 'page')[];
const BATCH = 1_000;

/** RSS of a process and all its descendants (tsx runs the server in a child), in MB. */
function treeRssMb(root: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const status = readFileSync(`/proc/${d}/status`, 'utf8');
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1]);
      rss.set(Number(d), Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      // gone
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const p = stack.pop() as number;
    total += rss.get(p) ?? 0;
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

function ingestBody(k: number, now: number): string {
  return JSON.stringify({
    metrics: Array.from({ length: BATCH }, (_, i) => ({
      name: 'overload_latency_ms',
      type: 'histogram',
      labels: { service: `svc${(k + i) % 10}` },
      value: ((k * 7919 + i * 104729) % 2000) / 3 + 1,
      timestamp: now - (i % 1000),
    })),
  });
}

interface Shot {
  path: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: () => string;
}

interface OpenLoop {
  sent: number;
  accepted: number;
  shed: number;
  failed: number;
  latencies: number[];
  acceptedPoints: number;
  retryAfterMissing: number;
}

/** Sends `rate` requests a second on schedule for `seconds`, over at most 256 kept-alive sockets. */
async function openLoop(base: string, shot: Shot, rate: number, seconds: number): Promise<OpenLoop> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const url = new URL(base);
  const r: OpenLoop = {
    sent: 0,
    accepted: 0,
    shed: 0,
    failed: 0,
    latencies: [],
    acceptedPoints: 0,
    retryAfterMissing: 0,
  };
  const start = performance.now();
  const total = Math.round(rate * seconds);
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((s) => setTimeout(s, wait));
    r.sent++;
    pending.push(
      new Promise<void>((resolve) => {
        const body = shot.body?.();
        const req = http.request(
          {
            host: url.hostname,
            port: url.port,
            path: shot.path,
            method: shot.method,
            agent,
            headers: { ...shot.headers, ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) },
            timeout: 30_000,
          },
          (res) => {
            const parts: Buffer[] = [];
            res.on('data', (c: Buffer) => parts.push(c));
            res.on('end', () => {
              const status = res.statusCode ?? 0;
              if (status >= 200 && status < 300) {
                r.accepted++;
                r.latencies.push(performance.now() - due);
                if (shot.method === 'POST') {
                  try {
                    r.acceptedPoints += (JSON.parse(Buffer.concat(parts).toString()) as { accepted: number }).accepted;
                  } catch {
                    // not JSON
                  }
                }
              } else if (status === 503 || status === 429) {
                r.shed++;
                if (!res.headers['retry-after']) r.retryAfterMissing++;
              } else r.failed++;
              resolve();
            });
          },
        );
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', () => {
          r.failed++;
          resolve();
        });
        req.end(body);
      }),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  return r;
}

// The prober runs in a process of its own: in the load generator's process, its timings would
// include that process's own busy event loop.
const PROBER = `
const base = process.argv[1];
const times = [];
let running = true;
process.on('message', () => { running = false; });
(async () => {
  while (running) {
    const t0 = performance.now();
    try {
      const res = await fetch(base + '/api/health', { signal: AbortSignal.timeout(10000) });
      await res.arrayBuffer();
      times.push(performance.now() - t0);
    } catch { times.push(10000); }
    await new Promise((s) => setTimeout(s, Math.max(0, 100 - (performance.now() - t0))));
  }
  process.send(times, () => process.exit(0));
})();
`;

/** GET /api/health ten times a second, from another process, until stopped: every answer's time. */
function healthProbe(base: string): { stop: () => Promise<number[]> } {
  const child = spawn(process.execPath, ['-e', PROBER, base], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    stop: () =>
      new Promise((resolve) => {
        child.once('message', (times) => resolve(times as number[]));
        child.send('stop');
      }),
  };
}

function storedPoints(dbUrl: string): number {
  const db = new Database(dbUrl.slice('file:'.length), { readonly: true });
  const n = (
    db.prepare(`SELECT COALESCE(SUM("count"), 0) AS n FROM "MetricChunk" WHERE name = 'overload_latency_ms'`).get() as {
      n: number;
    }
  ).n;
  db.close();
  return n;
}

// The product's defaults: what an instance does out of the box.
const server = await startRedline('sqlite', PORT);
const rows: string[] = [];
try {
  const pid = server.pid;
  const auth = `Bearer ${await token(server.url, 'operator')}`;
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@redline.test', password: 'bench-password-123' }),
  });
  const cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  let bodies = { at: 0, list: [] as string[] };
  const nextBody = (() => {
    let k = 0;
    return () => {
      if (Date.now() - bodies.at > 2_000)
        bodies = { at: Date.now(), list: Array.from({ length: 8 }, (_, i) => ingestBody(i, Date.now())) };
      return bodies.list[k++ % bodies.list.length] as string;
    };
  })();
  const shots: Record<'ingest' | 'page', Shot> = {
    ingest: {
      path: '/api/ingest/metrics',
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: nextBody,
    },
    page: { path: '/overview', method: 'GET', headers: { cookie } },
  };
  // Warm up both paths (first renders compile and cache), then let the process settle.
  await drive(5, 4, () => fetch(`${server.url}/overview`, { headers: { cookie } }));
  await new Promise((s) => setTimeout(s, 10_000));
  const idle = treeRssMb(pid);
  console.log(`\nidle RSS ${idle.toFixed(0)} MB`);
  for (const name of TARGETS) {
    const shot = shots[name];
    const closed = await drive(10, name === 'ingest' ? 4 : 8, () =>
      fetch(`${server.url}${shot.path}`, { method: shot.method, headers: shot.headers, body: shot.body?.() }),
    );
    const sustainable = closed.ok / closed.seconds;
    console.log(`${name}: sustainable ${fmt(sustainable)} req/s (closed loop)`);
    for (const factor of FACTORS) {
      const before = name === 'ingest' ? storedPoints(server.dbUrl) : 0;
      let peak = treeRssMb(pid);
      const sampler = setInterval(() => {
        peak = Math.max(peak, treeRssMb(pid));
      }, 500);
      const health = healthProbe(server.url);
      const r = await openLoop(server.url, shot, sustainable * factor, SECONDS);
      const healthTimes = await health.stop();
      clearInterval(sampler);
      let lost = '—';
      if (name === 'ingest') {
        const until = performance.now() + 120_000;
        let stored = storedPoints(server.dbUrl) - before;
        while (stored < r.acceptedPoints && performance.now() < until) {
          await new Promise((s) => setTimeout(s, 500));
          stored = storedPoints(server.dbUrl) - before;
        }
        lost = fmt(Math.max(0, r.acceptedPoints - stored));
      }
      const row = `| ${name} | ${factor}× (${fmt(sustainable * factor)}/s) | ${((r.shed / r.sent) * 100).toFixed(1)}% | ${percentile(r.latencies, 99).toFixed(0)} ms | ${percentile(healthTimes, 99).toFixed(0)} ms | ${peak.toFixed(0)} MB (+${(peak - idle).toFixed(0)}) | ${lost} | ${r.failed} |`;
      console.log(row);
      rows.push(row);
      await new Promise((s) => setTimeout(s, 5_000)); // let the backlog clear before the next step
    }
  }
  console.log(`\nOverload, ${SECONDS} s per step, one instance on SQLite, idle RSS ${idle.toFixed(0)} MB\n`);
  console.log('| load | offered | shed | accepted p99 | health p99 | peak RSS | accepted points lost | errors |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(row);
  console.log('\ntargets: health p99 ≤ 100 ms at 4×, peak RSS ≤ idle + 300 MB, 0 accepted points lost');
} finally {
  await server.stop();
}
