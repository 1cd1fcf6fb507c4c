// npm run bench:profiling — what continuous profiling costs: an API request that goes through
// Next.js and the database (GET /api/settings) with Redline's continuous CPU profile on and off,
// switched at run time through its setting, in alternating rounds (ABBA) so drift hits both
// equally. Two readings: throughput, and the server's CPU time per request (from /proc). Then the
// sampler on its own: a fixed CPU-bound workload in this process timed with the same continuous
// profiler on and off — the profiler's price without a server's run-to-run noise around it.
import { readFileSync } from 'node:fs';
import { ContinuousCpuProfile } from '../lib/profiling/inspector';
import { drive, fmt, percentile, startRedline, token } from './harness';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 30);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const PATH = process.env.BENCH_PATH ?? '/api/settings';
const INTERVAL_US = Number(process.env.PROFILING_CONTINUOUS_INTERVAL_US ?? 10_000);

/** The process's user + system CPU time in ms (Linux clock ticks are 10 ms). */
const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const spread = (xs: number[]) => ((Math.max(...xs) - Math.min(...xs)) / mean(xs)) * 100;
/** Mean and standard error of the paired relative differences (after vs before, per round). */
function paired(before: number[], after: number[]): { m: number; se: number } {
  const d = after.map((a, i) => (a - (before[i] ?? a)) / (before[i] ?? a));
  const m = mean(d);
  return { m, se: Math.sqrt(d.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, d.length - 1) / d.length) };
}
const pct = ({ m, se }: { m: number; se: number }) => `${(m * 100).toFixed(1)}% ± ${(se * 100).toFixed(1)}%`;

const server = await startRedline('sqlite', 3207, { PROFILING_CONTINUOUS_ENABLED: 'true' });
try {
  const auth = { authorization: `Bearer ${await token(server.url, 'admin')}` };
  const set = async (on: boolean) => {
    const r = await fetch(`${server.url}/api/settings`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ 'monitoring.profiling.continuous': on }),
    });
    if (!r.ok) throw new Error(`settings: HTTP ${r.status} ${await r.text()}`);
    await new Promise((s) => setTimeout(s, 2_000)); // the live snapshot follows, the profiler is checked every second
    const state = (await (await fetch(`${server.url}/api/profiling/continuous`, { headers: auth })).json()) as {
      recording: unknown;
    };
    if (!!state.recording !== on) throw new Error(`the continuous profile did not turn ${on ? 'on' : 'off'}`);
  };
  const send = () => fetch(`${server.url}${PATH}`, { headers: auth });
  const results = {
    on: { rps: [] as number[], cpu: [] as number[], p99: [] as number[] },
    off: { rps: [] as number[], cpu: [] as number[], p99: [] as number[] },
  };
  await drive(WARMUP, CONCURRENCY, send); // warm-up: JIT and caches settle before anything is compared
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of round % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
      await set(mode === 'on');
      const c0 = cpuMs(server.pid);
      const r = await drive(SECONDS, CONCURRENCY, send);
      const perRequest = (cpuMs(server.pid) - c0) / r.ok;
      results[mode].rps.push(r.ok / r.seconds);
      results[mode].cpu.push(perRequest);
      results[mode].p99.push(percentile(r.latencies, 99));
      console.log(
        `round ${round + 1}, profile ${mode}: ${fmt(r.ok / r.seconds)} requests/s, ${perRequest.toFixed(2)} ms CPU per request`,
      );
    }
  }
  await set(true);
  console.log(`\nGET ${PATH}, ${CONCURRENCY} connections, ${ROUNDS} × ${SECONDS} s per mode, alternating\n`);
  console.log('| continuous profile | requests/s | run-to-run spread | CPU per request | p99 |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const mode of ['off', 'on'] as const) {
    const x = results[mode];
    console.log(
      `| ${mode} | ${fmt(mean(x.rps))} | ${spread(x.rps).toFixed(1)}% | ${mean(x.cpu).toFixed(2)} ms | ${mean(x.p99).toFixed(1)} ms |`,
    );
  }
  // Cost as throughput lost and CPU added, each the mean of the rounds' pairs with its standard error.
  const lost = paired(results.off.rps, results.on.rps);
  console.log(
    `\nprofiling cost: **${pct({ m: -lost.m, se: lost.se })}** of throughput, ` +
      `**${pct(paired(results.off.cpu, results.on.cpu))}** CPU per request (paired rounds; target ≤ 2%)`,
  );
} finally {
  await server.stop();
}

// The sampler alone: JSON, string and array work (a request handler's kind), same amount each batch.
function batch(): number {
  let n = 0;
  for (let i = 0; i < 4_000; i++) {
    const doc = { id: i, name: `item-${i}`, tags: ['a', 'b', String(i % 7)], values: [i, i * 2, i * 3] };
    const back = JSON.parse(JSON.stringify(doc)) as typeof doc;
    n += back.name.toUpperCase().split('-').length + back.values.map((v) => v % 11).reduce((a, b) => a + b, 0);
  }
  return n;
}
const cpuOf = (fn: () => void) => {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1_000;
};
const run = () => {
  for (let i = 0; i < 40; i++) batch();
};
for (let i = 0; i < 10; i++) run(); // warm-up
const sampler = { on: [] as number[], off: [] as number[] };
for (let round = 0; round < 40; round++) {
  for (const mode of round % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
    const profiler = mode === 'on' ? new ContinuousCpuProfile(INTERVAL_US, () => undefined) : undefined;
    await profiler?.start();
    sampler[mode].push(cpuOf(run));
    await profiler?.stop();
  }
}
console.log(
  `\nthe sampler alone at ${Math.round(1e6 / INTERVAL_US)} Hz, 40 alternating pairs: ` +
    `${mean(sampler.off).toFixed(0)} ms CPU off, ${mean(sampler.on).toFixed(0)} ms on: ` +
    `**${pct(paired(sampler.off, sampler.on))}** CPU (target ≤ 2%)`,
);
