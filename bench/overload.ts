// npm run bench:overload — what Redline does when offered more than it can serve. One instance on
// SQLite; first its sustainable rate (closed loop) on metric ingest, OTLP span export and a
// dashboard page, then an open-loop load of 2× and 4× that rate for BENCH_SECONDS (60) each over
// up to 256 connections, with /api/health probed 10 times a second throughout; and wrk holding 256
// connections that post 10-point metric batches as fast as they are answered (the worst case for
// per-request cost). Prints the share shed (503 + Retry-After), the p99 of accepted requests, the
// health p99, peak RSS against idle, and how many acknowledged points or spans are not in the
// database. Latency counts from each request's scheduled start, so a client waiting for a free
// connection counts against the server (no coordinated omission).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import Database from 'better-sqlite3';
import { control, controlMs, drive, fmt, percentile, startRedline, token, verdict } from './harness';
import { SERVICES, SPANS, stamp, template } from './otlp-batch';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const FACTORS = (process.env.BENCH_FACTORS ?? '2,4').split(',').map(Number);
const PORT = Number(process.env.BENCH_PORT ?? 3222);
type Target = 'ingest' | 'spans' | 'page' | 'small';
const TARGETS = (process.env.BENCH_TARGETS ?? 'ingest,spans,page,small').split(',') as Target[];
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
  body?: () => string | Buffer;
  /** what an accepted answer acknowledged: points or spans */
  acknowledged?: (body: Buffer) => number;
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
                r.acceptedPoints += shot.acknowledged?.(Buffer.concat(parts)) ?? 0;
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

/** What the database holds of a target's writes: points of its metric, or the bench's spans. */
function stored(dbUrl: string, target: Target): number {
  const db = new Database(dbUrl.slice('file:'.length), { readonly: true });
  try {
    const sql =
      target === 'spans'
        ? `SELECT COUNT(*) AS n FROM "TraceSpan" WHERE "service" IN (${SERVICES.map((s) => `'${s}'`).join(', ')})`
        : `SELECT COALESCE(SUM("count"), 0) AS n FROM "MetricChunk" WHERE name = '${target === 'small' ? 'overload_small' : 'overload_latency_ms'}'`;
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const SMALL_BATCH = 10;
/**
 * wrk with 256 connections posting 10-point batches (timestamps left to the server) for `seconds`:
 * requests answered, those not 2xx, socket errors and the p99 wrk measured.
 */
function wrkSmall(base: string, auth: string, seconds: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'overload-wrk-'));
  const body = JSON.stringify({
    metrics: Array.from({ length: SMALL_BATCH }, (_, i) => ({
      name: 'overload_small',
      type: 'gauge',
      labels: { service: `svc${i}` },
      value: i,
    })),
  });
  const script = path.join(dir, 'post.lua');
  writeFileSync(
    script,
    `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["Authorization"] = ${JSON.stringify(auth)}\nwrk.body = ${JSON.stringify(body)}\n`,
  );
  try {
    const out = spawnSync(
      'wrk',
      ['-t2', '-c256', `-d${seconds}s`, '--latency', '--timeout', '30s', '-s', script, `${base}/api/ingest/metrics`],
      {
        encoding: 'utf8',
      },
    ).stdout;
    const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? 0);
    const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(out);
    const scale = { us: 0.001, ms: 1, s: 1000 } as const;
    const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
    return {
      requests: num(/(\d+) requests in/),
      non2xx: num(/Non-2xx or 3xx responses: (\d+)/),
      errors: socketErrors ? socketErrors.slice(1).reduce((n, x) => n + Number(x), 0) : 0,
      p99Ms: p99 ? Number(p99[1]) * scale[p99[2] as keyof typeof scale] : Number.NaN,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The product's defaults: what an instance does out of the box.
if (TARGETS.includes('small') && spawnSync('wrk', ['--version']).error) {
  console.error('wrk is not installed: apt-get install -y wrk (or leave out small: BENCH_TARGETS=ingest,spans,page)');
  process.exit(1);
}
const controlBefore = controlMs();
// Every span sent is meant to be stored (what is acknowledged is counted): no trace rate limit.
const server = await startRedline('sqlite', PORT, { TRACES_MAX_PER_SECOND: '0' });
const rows: string[] = [];
const checks: { what: string; value: number; target: number; unit: string }[] = [];
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
  const tpl = template(Date.now());
  let batchNo = 1;
  const shots: Record<Exclude<Target, 'small'>, Shot> = {
    ingest: {
      path: '/api/ingest/metrics',
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: nextBody,
      acknowledged: (b) => {
        try {
          return (JSON.parse(b.toString()) as { accepted: number }).accepted;
        } catch {
          return 0;
        }
      },
    },
    spans: {
      path: '/v1/traces',
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-protobuf' },
      body: () => stamp(tpl, batchNo++),
      acknowledged: () => SPANS, // a 200 without partial success: every span of the batch
    },
    page: { path: '/overview', method: 'GET', headers: { cookie } },
  };
  // Warm up both paths (first renders compile and cache), then let the process settle.
  await drive(5, 4, () => fetch(`${server.url}/overview`, { headers: { cookie } }));
  await new Promise((s) => setTimeout(s, 10_000));
  const idle = treeRssMb(pid);
  console.log(`\nidle RSS ${idle.toFixed(0)} MB`);
  for (const name of TARGETS) {
    if (name === 'small') {
      const before = stored(server.dbUrl, 'small');
      let peak = treeRssMb(pid);
      const sampler = setInterval(() => {
        peak = Math.max(peak, treeRssMb(pid));
      }, 500);
      const health = healthProbe(server.url);
      const w = wrkSmall(server.url, auth, SECONDS);
      const healthTimes = await health.stop();
      clearInterval(sampler);
      const acknowledged = (w.requests - w.non2xx) * SMALL_BATCH;
      const until = performance.now() + 120_000;
      let got = stored(server.dbUrl, 'small') - before;
      while (got < acknowledged && performance.now() < until) {
        await new Promise((s) => setTimeout(s, 500));
        got = stored(server.dbUrl, 'small') - before;
      }
      const lost = Math.max(0, acknowledged - got);
      const hp99 = percentile(healthTimes, 99);
      checks.push(
        { what: 'small batches, 256 connections: health p99', value: hp99, target: 100, unit: 'ms' },
        { what: 'small batches, 256 connections: peak RSS over idle', value: peak - idle, target: 300, unit: 'MB' },
      );
      const row = `| small (10-point batches) | 256 connections, closed loop (${fmt(w.requests / SECONDS)} req/s answered) | ${((w.non2xx / Math.max(1, w.requests)) * 100).toFixed(1)}% | ${w.p99Ms.toFixed(0)} ms | ${hp99.toFixed(0)} ms | ${peak.toFixed(0)} MB (+${(peak - idle).toFixed(0)}) | ${fmt(lost)} of ${fmt(acknowledged)} | ${w.errors} |`;
      console.log(row);
      rows.push(row);
      continue;
    }
    const shot = shots[name];
    const closed = await drive(10, name === 'page' ? 8 : 4, () =>
      fetch(`${server.url}${shot.path}`, {
        method: shot.method,
        headers: shot.headers,
        body: shot.body ? new Uint8Array(Buffer.from(shot.body())) : undefined,
      }),
    );
    const sustainable = closed.ok / closed.seconds;
    console.log(`${name}: sustainable ${fmt(sustainable)} req/s (closed loop)`);
    for (const factor of FACTORS) {
      const before = name === 'page' ? 0 : stored(server.dbUrl, name);
      let peak = treeRssMb(pid);
      const sampler = setInterval(() => {
        peak = Math.max(peak, treeRssMb(pid));
      }, 500);
      const health = healthProbe(server.url);
      const r = await openLoop(server.url, shot, sustainable * factor, SECONDS);
      const healthTimes = await health.stop();
      clearInterval(sampler);
      let lost = '—';
      if (name !== 'page') {
        const until = performance.now() + 120_000;
        let got = stored(server.dbUrl, name) - before;
        while (got < r.acceptedPoints && performance.now() < until) {
          await new Promise((s) => setTimeout(s, 500));
          got = stored(server.dbUrl, name) - before;
        }
        lost = `${fmt(Math.max(0, r.acceptedPoints - got))} of ${fmt(r.acceptedPoints)}`;
      }
      const hp99 = percentile(healthTimes, 99);
      checks.push(
        { what: `${name} ${factor}×: health p99`, value: hp99, target: 100, unit: 'ms' },
        { what: `${name} ${factor}×: peak RSS over idle`, value: peak - idle, target: 300, unit: 'MB' },
      );
      const row = `| ${name} | ${factor}× (${fmt(sustainable * factor)}/s) | ${((r.shed / r.sent) * 100).toFixed(1)}% | ${percentile(r.latencies, 99).toFixed(0)} ms | ${hp99.toFixed(0)} ms | ${peak.toFixed(0)} MB (+${(peak - idle).toFixed(0)}) | ${lost} | ${r.failed} |`;
      console.log(row);
      rows.push(row);
      await new Promise((s) => setTimeout(s, 5_000)); // let the backlog clear before the next step
    }
  }
  console.log(`\nOverload, ${SECONDS} s per step, one instance on SQLite, idle RSS ${idle.toFixed(0)} MB\n`);
  console.log('| load | offered | shed | accepted p99 | health p99 | peak RSS | acknowledged, not stored | errors |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(row);
  const c = control(controlBefore);
  console.log(
    `\ncontrol (fixed CPU work in the client, before and after): ${c.before.toFixed(0)} ms → ${c.after.toFixed(0)} ms, moved ${(c.moved * 100).toFixed(0)}%`,
  );
  for (const k of checks)
    console.log(
      `${k.what} ${k.value.toFixed(0)} ${k.unit}, target ≤ ${k.target} ${k.unit}: ${verdict(k.value, k.target, 'lower', c)}`,
    );
  console.log('acknowledged but not stored: target 0 (the column above)');
} finally {
  await server.stop();
}
