// npm run bench:overhead — what Redline's request instrumentation (timing into the metrics store,
// work context, Prometheus mirror) costs: throughput of a light API route with monitoring on and
// off, switched at run time (PUT /api/settings), alternating runs so drift hits both equally.
// (/api/ping is answered by server.ts ahead of Next.js and the route wrapper, so it would measure
// nothing; GET /api/settings goes through both.) BENCH_TOGGLE=tracing switches Redline's tracing of
// itself instead (sample rate 1 against 0, monitoring on in both): the cost of self-tracing at 100%.
import { drive, fmt, percentile, startRedline, token } from './harness';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const PATH = process.env.BENCH_PATH ?? '/api/settings';
const TRACING = process.env.BENCH_TOGGLE === 'tracing';
const what = TRACING ? 'self-tracing' : 'monitoring';

// Tracing every request means every one: no traces-per-second limit.
const server = await startRedline('sqlite', 3204, { TRACES_MAX_PER_SECOND: '0' });
try {
  const admin = { authorization: `Bearer ${await token(server.url, 'admin')}`, 'content-type': 'application/json' };
  const set = async (enabled: boolean) => {
    const r = await fetch(`${server.url}/api/settings`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify(
        TRACING ? { 'monitoring.tracing.selfSampleRate': enabled ? 1 : 0 } : { 'monitoring.enabled': enabled },
      ),
    });
    if (!r.ok) throw new Error(`settings: HTTP ${r.status}`);
    await new Promise((s) => setTimeout(s, 500)); // the live snapshot follows over pub/sub
  };
  const results: Record<'on' | 'off', { rps: number[]; p99: number[] }> = {
    on: { rps: [], p99: [] },
    off: { rps: [], p99: [] },
  };
  await drive(3, CONCURRENCY, () => fetch(`${server.url}${PATH}`, { headers: { authorization: admin.authorization } })); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of round % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
      await set(mode === 'on');
      const r = await drive(SECONDS, CONCURRENCY, () =>
        fetch(`${server.url}${PATH}`, { headers: { authorization: admin.authorization } }),
      );
      results[mode].rps.push(r.ok / r.seconds);
      results[mode].p99.push(percentile(r.latencies, 99));
    }
  }
  await set(true);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const on = mean(results.on.rps);
  const off = mean(results.off.rps);
  console.log(`\nGET ${PATH}, ${CONCURRENCY} connections, ${ROUNDS} × ${SECONDS} s per mode, alternating\n`);
  console.log(`| ${what} | requests/s | p99 |`);
  console.log('| --- | ---: | ---: |');
  console.log(`| off | ${fmt(off)} | ${mean(results.off.p99).toFixed(1)} ms |`);
  console.log(`| on | ${fmt(on)} | ${mean(results.on.p99).toFixed(1)} ms |`);
  console.log(
    `\n${what} cost: **${(((off - on) / off) * 100).toFixed(1)}%** of throughput (target ≤ ${TRACING ? 5 : 10}%)`,
  );
} finally {
  await server.stop();
}
