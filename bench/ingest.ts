// npm run bench:ingest — sustained ingest throughput over 60 s in batches of 1,000 points:
// Redline on SQLite, Redline on PostgreSQL, and VictoriaMetrics (Debian's victoria-metrics,
// /api/v1/import) fed the same points from the same client, one after the other.
import { spawnSync } from 'node:child_process';
import { control, controlMs, fmt, percentile, verdict } from './harness';
import { BATCH, redline, victoria } from './ingest-load';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const only = process.argv[2];
if ((!only || only === 'victoria') && spawnSync('victoria-metrics', ['-version']).error) {
  console.error(
    'victoria-metrics is not installed: apt-get install -y victoria-metrics (or run `npm run bench:ingest -- sqlite`)',
  );
  process.exit(1);
}
const before = controlMs();
const results = [];
if (!only || only === 'sqlite') results.push(await redline('sqlite', 3201, SECONDS, CONCURRENCY));
if (!only || only === 'postgresql') results.push(await redline('postgresql', 3202, SECONDS, CONCURRENCY));
if (!only || only === 'victoria') results.push(await victoria(8429, SECONDS, CONCURRENCY));

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
