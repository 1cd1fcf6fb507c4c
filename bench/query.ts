// npm run bench:query — p95 latency of GET /api/optimization/performance?action=metrics&timeRange=7d
// with 10 million stored points spread over the last 7 days (50 series of request durations).
// Seeding goes through the same write path as ingestion; only the timestamps are spread out.
import { rmSync } from 'node:fs';
import { closeDatabase, switchDatabase } from '../lib/db';
import type { Point } from '../lib/metrics/model';
import { closeBulkWriter } from '../lib/ingest/bulk-writer';
import { storePoints } from '../lib/metrics';
import { fmt, percentile, startRedline, token } from './harness';

const TOTAL = Number(process.env.BENCH_POINTS ?? 10_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const provider = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgresql';
const WEEK = 7 * 86_400_000;

const server = await startRedline(provider, 3203);
let exit = 0;
try {
  // Seed while the server runs: it already applied the migrations to this database.
  const now = Date.now();
  const t0 = performance.now();
  const target =
    provider === 'sqlite'
      ? { provider, file: server.dbUrl.slice('file:'.length), label: 'bench' }
      : { provider, url: server.dbUrl, label: 'bench' };
  // Through the same bulk writer the server stores with (its thread, on either database).
  await switchDatabase(target);
  const BATCH = 20_000;
  for (let done = 0; done < TOTAL; done += BATCH) {
    const batch: Point[] = Array.from({ length: Math.min(BATCH, TOTAL - done) }, (_, i) => {
      const n = done + i;
      const s = n % 50;
      return {
        name: 'http_server_request_duration_ms',
        labels: {
          service: `svc${s % 10}`,
          route: `/r${Math.floor(s / 10)}`,
          method: 'GET',
          status: n % 97 === 0 ? '500' : '200',
        },
        value: 5 + ((n * 7919) % 1000) / 4 + (s === 7 ? 800 : 0),
        ts: now - WEEK + Math.floor((n / TOTAL) * WEEK),
        type: 'histogram',
      };
    });
    await storePoints(batch);
    if ((done / BATCH) % 50 === 0) process.stderr.write(`\rseeded ${fmt(done)} points`);
  }
  await closeBulkWriter();
  await closeDatabase();
  const seedSeconds = (performance.now() - t0) / 1000;
  process.stderr.write(`\rseeded ${fmt(TOTAL)} points in ${seedSeconds.toFixed(0)} s\n`);

  const auth = { authorization: `Bearer ${await token(server.url, 'viewer')}` };
  const url = `${server.url}/api/optimization/performance?action=metrics&timeRange=7d&metric=api`;
  const first = (await (await fetch(url, { headers: auth })).json()) as { reports: { summary: { count: number }[] }[] };
  const counted = first.reports[0]?.summary.reduce((n, r) => n + r.count, 0) ?? 0;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers: auth });
    await res.arrayBuffer();
    times.push(performance.now() - t);
  }
  console.log(
    `\n7-day action=metrics&metric=api on ${provider} with ${fmt(TOTAL)} stored points (${fmt(counted)} counted by the query), ${RUNS} sequential requests\n`,
  );
  console.log('| provider | p50 | p95 | max |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(
    `| ${provider} | ${percentile(times, 50).toFixed(0)} ms | **${percentile(times, 95).toFixed(0)} ms** | ${Math.max(...times).toFixed(0)} ms |`,
  );
} catch (err) {
  console.error(err);
  exit = 1;
} finally {
  await server.stop();
  rmSync('/tmp/none', { force: true });
}
process.exit(exit);
