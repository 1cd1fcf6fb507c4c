// npm run bench:tracing — OTLP/HTTP protobuf trace ingest into Redline, then reads on a filled store.
// One instance per database (SQLite, then PostgreSQL; BENCH_PROVIDERS=sqlite to skip one):
//  1. throughput: BENCH_CONCURRENCY (4) exporters send batches of 512 spans with 20 attributes each
//     (the Collector's test-bed shape; traces of 8 spans over 4 services) for BENCH_SECONDS (30);
//     the figure is spans *stored* per second (rows in the database once the writer has caught up),
//     with how many requests were told to retry (503);
//  2. fill: the store is filled to BENCH_FILL spans (10,000,000) with the same rows, written straight
//     into the database (the ingest path would take most of an hour at the rate above), their start
//     times spread over the last 23 hours;
//  3. reads over HTTP with an API token: trace by id (200 random stored traces) and search (by
//     service, service + operation, attribute, duration, errors; last hour and last 24 h), p50/p95;
//     the service map over 1 h and 24 h.
// Batches are encoded once by protobufjs from the official definitions; each send patches the trace
// ids in place so every batch is new to the store.
import { control, controlMs, fmt, percentile, type Server, startRedline, token, verdict } from './harness';
import { SPANS, template } from './otlp-batch';
import { caughtUp, fill, send, storedSpans } from './tracing-load';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const FILL = Number(process.env.BENCH_FILL ?? 10_000_000);
const PROVIDERS = (process.env.BENCH_PROVIDERS ?? 'sqlite,postgresql').split(',') as ('sqlite' | 'postgresql')[];
const PORT = Number(process.env.BENCH_PORT ?? 3230);
async function timedGets(server: Server, bearer: string, paths: string[]): Promise<number[]> {
  const out: number[] = [];
  for (const p of paths) {
    const get = () => fetch(`${server.url}${p}`, { headers: { authorization: `Bearer ${bearer}` } });
    let t0 = performance.now();
    let res = await get().catch(() => null);
    if (!res) {
      // A connection kept alive through the fill may have been closed by the server meanwhile.
      t0 = performance.now();
      res = await get();
    }
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${p}: HTTP ${res.status}`);
    out.push(performance.now() - t0);
  }
  return out;
}

const rows: string[] = [];
const figures: { provider: string; rate: number; byId: number; search: number; stored: number }[] = [];
const before = controlMs();
for (const provider of PROVIDERS) {
  // The store's capacity is measured, not the sampler's: no trace rate limit.
  const server = await startRedline(provider, PORT, {
    TRACES_MAX_SPANS: String(Math.max(FILL * 2, 1_000_000)),
    TRACES_MAX_PER_SECOND: '0',
  });
  try {
    const bearer = await token(server.url, 'operator');
    const tpl = template(Date.now());
    const counter = { next: 1 };
    // 1. Throughput.
    const t0 = performance.now();
    const end = t0 + SECONDS * 1000;
    const { sent, retried } = await send(server, bearer, tpl, CONCURRENCY, () => performance.now() >= end, counter);
    const done = await caughtUp(server, sent * SPANS);
    const rate = done.count / ((done.at - t0) / 1000);
    console.log(
      `${provider}: ${fmt(sent * SPANS)} spans sent in ${SECONDS} s, ${fmt(done.count)} stored: ${fmt(rate)} spans/s stored (${retried} requests told to retry)`,
    );
    // 2. Fill.
    const have = done.count;
    if (FILL > have) {
      const f0 = performance.now();
      const filled = await fill(server, tpl, FILL - have, counter);
      console.log(
        `  filled to ${fmt(filled)} spans in ${((performance.now() - f0) / 1000).toFixed(0)} s (written directly)`,
      );
    }
    // 3. Reads.
    const hex = (n: number, t: number) => {
      const id = Buffer.from(tpl.traceIds[t] as Buffer);
      id.writeUInt32BE(n, 0);
      return id.toString('hex');
    };
    const ids = Array.from({ length: 200 }, (_, i) =>
      hex(1 + Math.floor(((i * 104729) % (counter.next - 1)) + 0), (i * 13) % tpl.traceIds.length),
    );
    await timedGets(
      server,
      bearer,
      ids.slice(0, 10).map((id) => `/api/traces/${id}`),
    ); // warm-up
    const byId = await timedGets(
      server,
      bearer,
      ids.map((id) => `/api/traces/${id}`),
    );
    const searches = [
      '/api/traces?range=1h&service=checkout',
      '/api/traces?range=1h&service=cart&operation=GET%20%2Fcart',
      '/api/traces?range=1h&attrs=attr.3%3D94',
      '/api/traces?range=1h&service=frontend&minDurationMs=150',
      '/api/traces?range=1h&status=error',
      '/api/traces?range=24h&service=inventory&attrs=attr.1%3Dvalue-5-x',
      '/api/traces?range=24h',
    ];
    await timedGets(server, bearer, searches); // warm-up
    const search = await timedGets(server, bearer, Array.from({ length: 5 }, () => searches).flat());
    for (const [i, q] of searches.entries()) {
      const times = search.filter((_, k) => k % searches.length === i);
      console.log(`    ${q}: median ${percentile(times, 50).toFixed(0)} ms`);
    }
    // The service map reads the newest 25,000 spans of the range with each one's parent.
    const maps = await timedGets(
      server,
      bearer,
      ['1h', '1h', '24h', '24h', '24h'].map((r) => `/api/traces/service-map?range=${r}`),
    );
    console.log(
      `    service map: 1 h median ${percentile(maps.slice(0, 2), 50).toFixed(0)} ms, 24 h median ${percentile(maps.slice(2), 50).toFixed(0)} ms`,
    );
    const stored = await storedSpans(server);
    console.log(
      `  ${fmt(stored)} spans stored: trace by id p50 ${percentile(byId, 50).toFixed(1)} ms, p95 ${percentile(byId, 95).toFixed(1)} ms; search p50 ${percentile(search, 50).toFixed(0)} ms, p95 ${percentile(search, 95).toFixed(0)} ms`,
    );
    figures.push({ provider, rate, byId: percentile(byId, 95), search: percentile(search, 95), stored });
    rows.push(
      `| ${provider} | ${fmt(rate)} | ${retried} | ${fmt(stored)} | ${percentile(byId, 95).toFixed(1)} ms | ${percentile(search, 95).toFixed(0)} ms |`,
    );
  } finally {
    await server.stop();
  }
}
console.log(
  '\n| database | spans/s stored (512 × 20 attrs, protobuf) | told to retry | spans stored | trace by id p95 | search p95 |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
const c = control(before);
console.log(
  `\ncontrol (fixed CPU work in the client, before and after): ${c.before.toFixed(0)} ms → ${c.after.toFixed(0)} ms, moved ${(c.moved * 100).toFixed(0)}%`,
);
for (const f of figures) {
  console.log(`${f.provider}: ${fmt(f.rate)} spans/s stored, target ≥ 20,000: ${verdict(f.rate, 20_000, 'higher', c)}`);
  const at = `with ${fmt(f.stored)} spans stored`;
  console.log(
    `${f.provider}: trace by id p95 ${f.byId.toFixed(1)} ms ${at}, target ≤ 50 ms: ${verdict(f.byId, 50, 'lower', c)}`,
  );
  console.log(
    `${f.provider}: search p95 ${f.search.toFixed(0)} ms ${at}, target ≤ 300 ms: ${verdict(f.search, 300, 'lower', c)}`,
  );
}
