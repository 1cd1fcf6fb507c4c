// npm run bench:proxy — Redline's proxy as the product runs it (inside `npm start`, in front of its
// fleet of two sample-service instances, recording every request into the metrics store) against
// Debian's nginx proxying the same two instances with keep-alive, and against going to an instance
// directly, side by side in one run; load from `hey`. Figures: saturated requests/s of each proxy
// (alternating rounds), then p99 at half of Redline's saturated rate for direct, Redline, nginx and
// a bare Node TCP pipe (bench/node-pipe.ts: the floor for any proxy written in Node) at the same
// offered rate, five rounds in rotating order; "added p99" is a path's p99 minus direct's in the
// same round, and the figure is the median round (of the rounds where the paths carried the same
// load: see comparableRounds). Direct runs twice in each round: the second is the control, showing
// how far one round's figure moves with nothing added (repeatDifference). "Direct" splits the load over the same two
// instances the proxies spread it over (one hey per instance, every request's time merged), so
// each instance carries the same load in all three. nginx gets one worker
// process, as Redline's proxy is one event loop: the same CPU budget on this 2-core machine, where
// the load generator and the backends need the rest. Round-robin, no sticky sessions, on both.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  addedP99,
  BENCH_LINE_PREFIX,
  CARRIED_SHARE,
  comparableRounds,
  orNull,
  PROXY_BENCH_STEPS,
  PROXY_TARGETS,
  type LoadFigures,
  type ProxyBenchResult,
  repeatDifference,
} from '../lib/bench/proxy-result';
import { freePort } from '../lib/fleet/local-provider';
import { fmt, type Server, waitFor } from './harness';
import { fleetRedline, type Load, startNginx, wrk } from './proxy-setup';

const run = promisify(execFile);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 64;
// BENCH_PORT: Redline's console port (its proxy listens on BENCH_PORT + 80); the console's runner
// picks a free pair.
const PORT = Number(process.env.BENCH_PORT ?? 3214);
for (const tool of ['hey', 'nginx', 'wrk']) {
  if (spawnSync(tool, ['-h']).error) {
    console.error(`${tool} is not installed: apt-get install -y ${tool === 'nginx' ? 'nginx-light' : tool}`);
    process.exit(1);
  }
}

/** hey's summary: Requests/sec, latency distribution (seconds), and non-200 answers. */
async function hey(url: string, opts: { connections: number; perWorkerQps?: number }): Promise<Load> {
  const args = [
    '-z',
    `${SECONDS}s`,
    '-c',
    String(opts.connections),
    ...(opts.perWorkerQps ? ['-q', String(opts.perWorkerQps)] : []),
    url,
  ];
  const { stdout } = await run('hey', args, { maxBuffer: 64 * 1024 * 1024 });
  const num = (re: RegExp) => Number(re.exec(stdout)?.[1] ?? Number.NaN);
  const codes = [...stdout.matchAll(/\[(\d{3})\]\s+(\d+) responses/g)].map(
    (m) => [Number(m[1]), Number(m[2])] as const,
  );
  const errors =
    codes.filter(([c]) => c !== 200).reduce((n, [, k]) => n + k, 0) +
    (num(/Error distribution:\s*\n\s*\[(\d+)\]/) || 0);
  return {
    rps: num(/Requests\/sec:\s+([\d.]+)/),
    p50: num(/50%+ in ([\d.]+) secs/) * 1000,
    p99: num(/99%+ in ([\d.]+) secs/) * 1000,
    errors,
  };
}

/** hey at a fixed rate, every request's latency (ms) from its CSV output. */
async function heyLatencies(
  url: string,
  connections: number,
  perWorkerQps: number,
): Promise<{ ms: number[]; errors: number; seconds: number }> {
  const { stdout } = await run(
    'hey',
    ['-z', `${SECONDS}s`, '-c', String(connections), '-q', String(perWorkerQps), '-o', 'csv', url],
    { maxBuffer: 256 * 1024 * 1024 },
  );
  const ms: number[] = [];
  let errors = 0;
  for (const line of stdout.split('\n').slice(1)) {
    const f = line.split(',');
    if (f.length < 7) continue;
    if (f[6] === '200') ms.push(Number(f[0]) * 1000);
    else errors++;
  }
  return { ms, errors, seconds: SECONDS };
}

function summarize(runs: { ms: number[]; errors: number; seconds: number }[]): Load {
  const ms = runs.flatMap((r) => r.ms).sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? Number.NaN;
  return {
    rps: ms.length / (runs[0]?.seconds ?? SECONDS),
    p50: at(0.5),
    p99: at(0.99),
    errors: runs.reduce((n, r) => n + r.errors, 0),
  };
}

// Progress and the result as lines for a supervising process (the console's runner); see
// lib/bench/proxy-result.ts. A person running the bench reads the text and can ignore them.
let step = 0;
const progress = (stage: string) =>
  console.log(`${BENCH_LINE_PREFIX}${JSON.stringify({ step: step++, steps: PROXY_BENCH_STEPS, stage })}`);
const figures = (l: Load): LoadFigures => ({
  rps: orNull(l.rps),
  p50: orNull(l.p50),
  p99: orNull(l.p99),
  errors: l.errors,
});

const loadAvg = os.loadavg()[0] ?? 0;
const dir = mkdtempSync(path.join(os.tmpdir(), 'redline-proxy-bench-'));
let nginx: ReturnType<typeof spawn> | undefined;
let pipe: ReturnType<typeof spawn> | undefined;
let server: Server | undefined;
let cleaned: Promise<void> | undefined;
const cleanup = () => {
  cleaned ??= (async () => {
    nginx?.kill('SIGQUIT');
    pipe?.kill('SIGTERM');
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  })();
  return cleaned;
};
// Cancelled from the console (SIGTERM): stop nginx and the Redline this run started, then exit.
process.once('SIGTERM', () => void cleanup().finally(() => process.exit(143)));
progress('starting Redline and its fleet of two');
const fleet = await fleetRedline(PORT, dir);
server = fleet.server;
try {
  const ports = fleet.ports;
  const started = await startNginx(dir, ports);
  nginx = started.child;
  const nginxPort = started.port;
  // The Node floor, in a process of its own like nginx.
  const pipePort = await freePort();
  pipe = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'node-pipe.ts'), String(pipePort), ...ports.map(String)],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const path0 = '/?work=0';
  const urls = {
    redline: `http://127.0.0.1:${PORT + 80}${path0}`,
    nginx: `http://127.0.0.1:${nginxPort}${path0}`,
    nodePipe: `http://127.0.0.1:${pipePort}${path0}`,
  };
  await waitFor(urls.nodePipe, 15_000);
  progress('warming up the Node pipe');
  await hey(urls.nodePipe, { connections: 8 });

  // Warm up both, then saturate in alternating order.
  progress('warming up Redline');
  await hey(urls.redline, { connections: 8 });
  progress('warming up nginx');
  await hey(urls.nginx, { connections: 8 });
  const sat: Record<'redline' | 'nginx', Load[]> = { redline: [], nginx: [] };
  const satWrk: Record<'redline' | 'nginx', Load[]> = { redline: [], nginx: [] };
  for (const order of [
    ['redline', 'nginx'],
    ['nginx', 'redline'],
  ] as const) {
    for (const who of order) {
      progress(`saturating ${who} (hey)`);
      sat[who].push(await hey(urls[who], { connections: CONNECTIONS }));
    }
    for (const who of order) {
      progress(`saturating ${who} (wrk)`);
      satWrk[who].push(await wrk(urls[who], CONNECTIONS, SECONDS));
    }
  }
  const best = (l: Load[]) => Math.max(...l.map((x) => x.rps));
  const redlineMax = best(sat.redline);
  const nginxMax = best(sat.nginx);

  // Half of Redline's saturated rate, offered to each: 64 workers at rate/64 each. hey's workers
  // each wait for their answer before the next request, so with fewer of them a path whose
  // latency is higher would be sent fewer requests than the others, and compared at a lighter load.
  const workers = 64;
  const perWorker = Math.max(1, Math.round(redlineMax / 2 / workers));
  // directAgain: direct once more in the same round, the control. Its "added p99" is what a round
  // shows with nothing added: how far this machine moves the figure from one run to the next.
  type Path = 'direct' | 'redline' | 'nginx' | 'nodePipe' | 'directAgain';
  const offered = (who: Path) =>
    who === 'direct' || who === 'directAgain'
      ? Promise.all(ports.map((p) => heyLatencies(`http://127.0.0.1:${p}${path0}`, workers / 2, perWorker))).then(
          summarize,
        )
      : heyLatencies(urls[who], workers, perWorker).then((r) => summarize([r]));
  const rounds: Record<Path, Load>[] = [];
  // Rotations of one sequence: each path at each position once over the five rounds.
  const sequence: Path[] = ['direct', 'redline', 'directAgain', 'nginx', 'nodePipe'];
  const orders = sequence.map((_, i) => [...sequence.slice(i), ...sequence.slice(0, i)]);
  for (const order of orders) {
    const round = {} as Record<Path, Load>;
    for (const who of order) {
      progress(`half load, round ${rounds.length + 1} of 5: ${who}`);
      round[who] = await offered(who);
    }
    rounds.push(round);
  }
  const halfLoad = {
    offeredRps: perWorker * workers,
    rounds: rounds.map((r) => ({
      direct: figures(r.direct),
      redline: figures(r.redline),
      nginx: figures(r.nginx),
      nodePipe: figures(r.nodePipe),
      directAgain: figures(r.directAgain),
    })),
  };
  const compared = comparableRounds(halfLoad).length;
  const added = (who: Exclude<Path, 'direct'>) => rounds.map((r) => r[who].p99 - r.direct.p99);
  const ms = (v: number | null) => (v === null ? '—' : `${v.toFixed(2)} ms`);

  console.log(
    `\nProxy throughput, ${SECONDS} s per run, ${CONNECTIONS} connections, Redline's fleet of two sample-service instances, one worker each (hey)`,
  );
  console.log(`  Redline proxy   ${sat.redline.map((l) => fmt(l.rps)).join(' / ')} req/s  (best ${fmt(redlineMax)})`);
  console.log(`  nginx           ${sat.nginx.map((l) => fmt(l.rps)).join(' / ')} req/s  (best ${fmt(nginxMax)})`);
  console.log(`  ratio           ${(redlineMax / nginxMax).toFixed(2)}× nginx (target ≥ 0.6×)`);
  const wr = best(satWrk.redline);
  const wn = best(satWrk.nginx);
  console.log(
    `  with wrk (2 threads) as the load: Redline ${satWrk.redline.map((l) => fmt(l.rps)).join(' / ')}, nginx ${satWrk.nginx.map((l) => fmt(l.rps)).join(' / ')} req/s → ${(wr / wn).toFixed(2)}×`,
  );
  console.log(
    `\nAt half load (${fmt(perWorker * workers)} req/s offered to each; direct: half to each instance), five rounds`,
  );
  for (const who of ['direct', 'directAgain', 'redline', 'nginx', 'nodePipe'] as const) {
    console.log(
      `  ${(who === 'nodePipe' ? 'Node pipe' : who === 'directAgain' ? 'direct again' : who).padEnd(14)}  ${rounds.map((r) => `${fmt(r[who].rps)} req/s p50 ${r[who].p50.toFixed(2)} p99 ${r[who].p99.toFixed(2)} ms${r[who].errors ? ` (${r[who].errors} errors)` : ''}`).join(' | ')}`,
    );
  }
  console.log(
    `  added p99       Redline ${added('redline')
      .map((x) => x.toFixed(2))
      .join(' / ')} ms by round`,
  );
  if (compared < rounds.length)
    console.log(
      `  ${rounds.length - compared} of ${rounds.length} rounds left out: a path carried less than ${CARRIED_SHARE * 100}% of what another carried in the same round (the machine was busy with something else)`,
    );
  console.log(
    `  median of ${compared} rounds: Redline ${ms(addedP99(halfLoad, 'redline'))} (target ≤ 2 ms); nginx ${ms(addedP99(halfLoad, 'nginx'))}; a bare Node pipe (the floor for a proxy in Node) ${ms(addedP99(halfLoad, 'nodePipe'))}`,
  );
  const repeat = repeatDifference(halfLoad);
  if (repeat)
    console.log(
      `  the control: direct measured twice per round, its two p99s ${ms(repeat.median)} apart (median), up to ${ms(repeat.max)}: how far one round's figure moves with nothing added`,
    );
  const errors = [...sat.redline, ...sat.nginx].reduce((n, l) => n + l.errors, 0);
  if (errors) console.log(`  (non-200 answers during saturation: ${errors})`);
  const rates = (l: Load[]) => l.map((x) => orNull(x.rps));
  const result: ProxyBenchResult = {
    seconds: SECONDS,
    connections: CONNECTIONS,
    cpus: os.availableParallelism(),
    loadAvg,
    saturation: {
      hey: { redline: rates(sat.redline), nginx: rates(sat.nginx) },
      wrk: { redline: rates(satWrk.redline), nginx: rates(satWrk.nginx) },
    },
    ratio: { hey: orNull(redlineMax / nginxMax), wrk: orNull(wr / wn) },
    halfLoad,
    addedP99: {
      redline: addedP99(halfLoad, 'redline'),
      nginx: addedP99(halfLoad, 'nginx'),
      nodePipe: addedP99(halfLoad, 'nodePipe'),
    },
    targets: PROXY_TARGETS,
  };
  console.log(`${BENCH_LINE_PREFIX}${JSON.stringify({ result })}`);
} finally {
  await cleanup();
}
