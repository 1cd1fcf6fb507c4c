// npm run bench:gate [images|ingest|proxy|tracing …] — short versions of the ratio benchmarks, each
// Redline figure against its peer measured in the same run, before and after it, held against the
// floors in bench/gate-floors.ts (lib/bench/gate.ts says how the peer's spread widens them). Exits 1
// when a ratio is below its floor by more than the run's noise; a gate that comes out inconclusive
// is run once more and, if still inconclusive, reported without failing the run.
// BENCH_GATE_REPORT_URL + BENCH_GATE_REPORT_TOKEN (operator): the ratios are recorded there too, as
// the gate/* figures the Profiling → Tests tab keeps history and regressions of.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gateExitCode, type GateMeasure, type GateResult, judge } from '../lib/bench/gate';
import { applyMigrations } from '../lib/db/migrate';
import type { FigureKey } from '../lib/profiling/bench-figures';
import { createTestDatabase } from '../tests/helpers/databases';
import { FLOORS } from './gate-floors';
import { drive, fmt, startRedline, token, waitFor } from './harness';
import { coldPath, coldVips, imagePaths, makeImages, removeImages } from './images-setup';
import { BATCH, redline as ingestRedline, victoria } from './ingest-load';
import { SPANS, template } from './otlp-batch';
import { fleetRedline, startNginx, wrk } from './proxy-setup';
import { caughtUp, fill, send } from './tracing-load';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
type Measured = [FigureKey, GateMeasure][];

/** Cached and cold variants: /d/ and the images API against /_next/image, /d/ and vipsthumbnail. */
async function images(): Promise<Measured> {
  const { names, combos } = await makeImages(6);
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'redline-gate-variants-'));
  const vipsOut = mkdtempSync(path.join(os.tmpdir(), 'redline-gate-vips-'));
  const server = await startRedline('sqlite', 3240, { IMAGE_CACHE_DIR: cacheDir });
  try {
    const p = await imagePaths(server, await token(server.url, 'viewer'), names, combos);
    const cold = async (run: Promise<{ seconds: number }>) => combos.length / (await run).seconds;
    const next1 = await cold(coldPath(p.next, combos, 2, cacheDir));
    const vips1 = await cold(coldVips(combos, 2, vipsOut));
    const delivery = await cold(coldPath(p.delivery, combos, 2, cacheDir));
    const next2 = await cold(coldPath(p.next, combos, 2, cacheDir));
    const vips2 = await cold(coldVips(combos, 2, vipsOut));
    // The API's own variants too, so its cached run reads from the cache.
    await coldPath(p.api, combos, 2, cacheDir);
    const cached = async (which: keyof typeof p, seconds = SECONDS) => {
      const sys = p[which];
      const r = await drive(seconds, 8, (k) =>
        fetch(sys.url(combos[k % combos.length] as (typeof combos)[number], k % combos.length), {
          headers: sys.headers,
        }),
      );
      return r.ok / r.seconds;
    };
    // Each path's cached answer warmed first: the cold runs above exercised encoding, not this, and
    // a first cached run still compiling it made the peer's two figures ~50% apart in CI.
    for (const which of ['next', 'delivery', 'api'] as const) await cached(which, 2);
    const cNext1 = await cached('next');
    const cD1 = await cached('delivery');
    const cApi = await cached('api');
    const cD2 = await cached('delivery');
    const cNext2 = await cached('next');
    return [
      ['gate/imagesCached', { value: (cD1 + cD2) / 2, peers: [cNext1, cNext2] }],
      ['gate/imagesApiCached', { value: cApi, peers: [cD1, cD2] }],
      ['gate/imagesCold', { value: delivery, peers: [next1, next2] }],
      ['gate/imagesColdVips', { value: delivery, peers: [vips1, vips2] }],
    ];
  } finally {
    await server.stop();
    removeImages();
    rmSync(cacheDir, { recursive: true, force: true });
    rmSync(vipsOut, { recursive: true, force: true });
  }
}

/** Metric points stored per second: Redline on SQLite between two VictoriaMetrics runs. */
async function ingest(): Promise<Measured> {
  const rate = (r: { res: { seconds: number }; stored: number; drainSeconds: number }) =>
    r.stored / (r.res.seconds + r.drainSeconds);
  const vm1 = rate(await victoria(8430, SECONDS * 2, 4));
  const ours = rate(await ingestRedline('sqlite', 3241, SECONDS * 2, 4));
  const vm2 = rate(await victoria(8430, SECONDS * 2, 4));
  return [['gate/ingest', { value: ours, peers: [vm1, vm2] }]];
}

/** Requests/s through Redline's proxy between two nginx runs, the same two backends, wrk. */
async function proxy(): Promise<Measured> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'redline-gate-proxy-'));
  const { server, ports } = await fleetRedline(3242, dir);
  const nginx = await startNginx(dir, ports);
  try {
    const ours = `http://127.0.0.1:${3242 + 80}/?work=0`; // the proxy listens on PORT + 80
    const theirs = `http://127.0.0.1:${nginx.port}/?work=0`;
    await waitFor(theirs, 15_000);
    await wrk(ours, 8, 2);
    await wrk(theirs, 8, 2);
    const n1 = await wrk(theirs, 64, SECONDS);
    const r = await wrk(ours, 64, SECONDS);
    const n2 = await wrk(theirs, 64, SECONDS);
    return [['gate/proxy', { value: r.rps, peers: [n1.rps, n2.rps] }]];
  } finally {
    nginx.child.kill('SIGQUIT');
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** OTLP spans stored per second against the same rows inserted straight into a SQLite file. */
async function tracing(): Promise<Measured> {
  const tpl = template(Date.now());
  const bare = async () => {
    const fresh = await createTestDatabase('sqlite');
    try {
      if (fresh.target.provider !== 'sqlite') throw new Error('expected a SQLite file');
      await applyMigrations(fresh.target);
      const target = { provider: 'sqlite' as const, dbUrl: `file:${fresh.target.file}` };
      const n = 100 * SPANS;
      const t0 = performance.now();
      await fill(target, tpl, n, { next: 1 });
      return n / ((performance.now() - t0) / 1000);
    } finally {
      await fresh.drop();
    }
  };
  const bare1 = await bare();
  const server = await startRedline('sqlite', 3243, { TRACES_MAX_PER_SECOND: '0' }); // the store's rate, not the sampler's
  let ours: number;
  try {
    const bearer = await token(server.url, 'operator');
    const t0 = performance.now();
    const end = t0 + SECONDS * 2 * 1000;
    const { sent } = await send(server, bearer, tpl, 4, () => performance.now() >= end, { next: 1 });
    const done = await caughtUp(server, sent * SPANS);
    ours = done.count / ((done.at - t0) / 1000);
  } finally {
    await server.stop();
  }
  const bare2 = await bare();
  return [['gate/tracing', { value: ours, peers: [bare1, bare2] }]];
}

const GATES = { images, ingest, proxy, tracing };
const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !(a in GATES));
if (unknown.length) {
  console.error(`unknown gate ${unknown.join(', ')}: choose from ${Object.keys(GATES).join(', ')}`);
  process.exit(2);
}
const chosen = (asked.length ? asked : Object.keys(GATES)) as (keyof typeof GATES)[];
const results: { key: FigureKey; m: GateMeasure; r: GateResult }[] = [];
for (const name of chosen) {
  for (let attempt = 1; attempt <= 2; attempt++) {
    const t0 = performance.now();
    console.log(`[gate] ${name}${attempt > 1 ? ' (again: inconclusive)' : ''} …`);
    const judged = (await GATES[name]()).map(([key, m]) => {
      const floor = FLOORS[key];
      if (!floor) throw new Error(`no floor for ${key}`);
      return { key, m, r: judge(m, floor) };
    });
    console.log(`[gate] ${name}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    if (attempt === 2 || !judged.some((j) => j.r.verdict === 'inconclusive')) {
      results.push(...judged);
      break;
    }
  }
}

console.log(`\nRatio gates, ${SECONDS} s per figure (ingest and tracing ${SECONDS * 2} s), 2-core machine\n`);
console.log('| gate | Redline | peer, before / after | ratio | floor | verdict |');
console.log('| --- | ---: | ---: | ---: | ---: | --- |');
for (const { key, m, r } of results) {
  const f = FLOORS[key];
  console.log(
    `| ${key}: ${f?.what} vs ${f?.peer} | ${fmt(m.value)} | ${fmt(m.peers[0])} / ${fmt(m.peers[1])} | ${r.ratio.toFixed(2)}× | ${f?.floor}× | **${r.verdict}**: ${r.detail} |`,
  );
}

const reportUrl = process.env.BENCH_GATE_REPORT_URL;
const reportToken = process.env.BENCH_GATE_REPORT_TOKEN;
if (reportUrl && reportToken) {
  const figures = results
    .filter((x) => Number.isFinite(x.r.ratio))
    .map((x) => ({ key: x.key, value: x.r.ratio, runId: `gate-${new Date().toISOString()}` }));
  const res = await fetch(new URL('/api/profiling/figures', reportUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${reportToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ figures }),
  });
  console.log(`\nrecorded ${figures.length} figures at ${reportUrl}: HTTP ${res.status}`);
}
// The batch size is part of what the ingest figure means.
if (chosen.includes('ingest')) console.log(`(ingest batches of ${BATCH} points)`);
process.exit(gateExitCode(results.map((x) => x.r.verdict)));
