// npm run bench:cost — what each part of Redline costs per request under each benchmark's load:
// Redline's own profiler records its main thread for 5 s while the load runs, the samples are
// mapped back to the TypeScript they came from (the build's source maps), and each goes to the
// innermost frame of Redline's own code (lib/bench/cost.ts) — route wrapper, auth, tracing,
// metrics, images … — or, outside it, to Next.js, Prisma, Node or GC. Printed as µs per request.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { costByPart, partOf } from '../lib/bench/cost';
import { fromV8CpuProfile, type V8CpuProfile } from '../lib/profiling/model';
import { originalPosition } from '../lib/profiling/source-maps';
import { drive, fmt, ROOT, startRedline, token } from './harness';
import { type Combo, coldPath, type ImagePath, imagePaths, makeImages, removeImages } from './images-setup';
import { template } from './otlp-batch';
import { send as sendSpans } from './tracing-load';

const CAPTURE_S = Number(process.env.BENCH_SECONDS ?? 5);
/** BENCH_COST_ONLY: run only the loads whose name contains it; BENCH_COST_PART: list that part's costliest functions */
const ONLY = process.env.BENCH_COST_ONLY ?? '';
const PART = process.env.BENCH_COST_PART ?? '';
const CONCURRENCY = 8;
const TOP = 8;

const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'redline-cost-'));
const { names, combos } = await makeImages(4);
// No trace limit: the tracing load measures the store's path, as bench:tracing does.
const server = await startRedline('sqlite', 3208, { IMAGE_CACHE_DIR: cacheDir, TRACES_MAX_PER_SECOND: '0' });

/** The main thread's CPU profile while `load` runs: the load starts first and outlasts the capture. */
async function profiled(
  admin: string,
  load: (seconds: number) => Promise<{ requests: number; seconds: number }>,
): Promise<{ perSec: number; profile: V8CpuProfile }> {
  const running = load(CAPTURE_S + 3);
  await new Promise((r) => setTimeout(r, 1_500));
  const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
  const started = await fetch(`${server.url}/api/profiling/profiles`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ target: 'redline', kind: 'cpu', durationSeconds: CAPTURE_S, intervalUs: 1_000 }),
  });
  if (started.status !== 202) throw new Error(`capture: HTTP ${started.status} ${await started.text()}`);
  const { id } = (await started.json()) as { id: string };
  const done = await running;
  for (let i = 0; i < 60; i++) {
    const row = (await (await fetch(`${server.url}/api/profiling/profiles/${id}`, { headers })).json()) as {
      status: string;
    };
    if (row.status === 'complete') break;
    if (row.status === 'failed') throw new Error('the capture failed');
    await new Promise((r) => setTimeout(r, 500));
  }
  const res = await fetch(`${server.url}/api/profiling/profiles/${id}/download?format=cpuprofile`, { headers });
  if (!res.ok) throw new Error(`download: HTTP ${res.status}`);
  return { perSec: done.requests / done.seconds, profile: (await res.json()) as V8CpuProfile };
}

function report(name: string, unit: string, perSec: number, raw: V8CpuProfile): void {
  const profile = fromV8CpuProfile(raw);
  const sourceOf = (i: number) => {
    const f = profile.frames[i] ?? { name: '', file: '', line: 0, col: 0 };
    const mapped = f.file && f.line ? originalPosition(f.file, f.line, f.col) : null;
    const file = f.file.replace(/^file:\/\//, '');
    return {
      name: f.name,
      file: f.file,
      source: mapped?.source ?? (file.startsWith(ROOT) ? path.relative(ROOT, file) : file),
    };
  };
  const cost = [...costByPart(profile, sourceOf)].sort((a, b) => b[1] - a[1]);
  const total = cost.reduce((n, [, us]) => n + us, 0);
  const units = perSec * CAPTURE_S;
  console.log(
    `\n### ${name}\n\n${fmt(perSec)} ${unit}/s while recorded; the main thread busy ${((total / (CAPTURE_S * 1e6)) * 100).toFixed(0)}% of ${CAPTURE_S} s, ${fmt(total / units)} µs per ${unit}\n`,
  );
  console.log(`| part | µs per ${unit} | share |`);
  console.log('| --- | ---: | ---: |');
  for (const [part, us] of cost.slice(0, TOP))
    console.log(`| ${part} | ${(us / units).toFixed(us / units < 10 ? 1 : 0)} | ${((us / total) * 100).toFixed(1)}% |`);
  const rest = cost.slice(TOP).reduce((n, [, us]) => n + us, 0);
  if (rest) console.log(`| everything else | ${(rest / units).toFixed(1)} | ${((rest / total) * 100).toFixed(1)}% |`);
  if (!PART) return;
  // The part's own functions (self time of frames mapped into it), costliest first.
  const self = new Map<string, number>();
  for (const st of profile.stacks) {
    const leaf = st.frames[st.frames.length - 1];
    if (leaf === undefined) continue;
    const src = sourceOf(leaf);
    const inPart = st.frames.some((f) => partOf(sourceOf(f).source) === PART);
    if (!inPart) continue;
    const parent = st.frames.length > 1 ? sourceOf(st.frames[st.frames.length - 2] as number) : undefined;
    const key = `${src.name || '(anonymous)'} ${src.source || src.file} ← ${parent?.name ?? ''} ${parent?.source ?? ''}`;
    self.set(key, (self.get(key) ?? 0) + st.value);
  }
  console.log(`\n${PART}: leaf functions of stacks through it, µs per ${unit}`);
  for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`  ${(us / units).toFixed(1)}  ${k}`);
}

try {
  const admin = await token(server.url, 'admin');
  const viewer = await token(server.url, 'viewer');
  const operator = await token(server.url, 'operator');
  const p = await imagePaths(server, viewer, names, combos);
  await coldPath(p.api, combos, 2, cacheDir); // every variant cached before the cached loads
  const images = (sys: ImagePath) => (seconds: number) =>
    drive(seconds, CONCURRENCY, (k) =>
      fetch(sys.url(combos[k % combos.length] as Combo, k % combos.length), { headers: sys.headers }),
    ).then((r) => ({ requests: r.ok, seconds: r.seconds }));
  const api = (seconds: number) =>
    drive(seconds, CONCURRENCY, () =>
      fetch(`${server.url}/api/settings`, { headers: { authorization: `Bearer ${admin}` } }),
    ).then((r) => ({ requests: r.ok, seconds: r.seconds }));
  const metricBody = () =>
    JSON.stringify({
      metrics: Array.from({ length: 1_000 }, (_, i) => ({
        name: 'bench_latency_ms',
        type: 'histogram',
        labels: { service: `svc${i % 10}`, route: `/r${i % 5}` },
        value: (i % 400) + 1,
        timestamp: Date.now() - (i % 1000),
      })),
    });
  const ingest = (seconds: number) =>
    drive(seconds, CONCURRENCY, () =>
      fetch(`${server.url}/api/ingest/metrics`, {
        method: 'POST',
        headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
        body: metricBody(),
      }),
    ).then((r) => ({ requests: r.ok, seconds: r.seconds }));
  const spans = async (seconds: number) => {
    const end = performance.now() + seconds * 1000;
    const t0 = performance.now();
    const r = await sendSpans(server, operator, template(Date.now()), 4, () => performance.now() >= end, {
      next: 0,
    });
    return { requests: r.sent, seconds: (performance.now() - t0) / 1000 };
  };
  const loads: [string, string, (s: number) => Promise<{ requests: number; seconds: number }>][] = [
    ['API: GET /api/settings with a token (route wrapper, Prisma, self-tracing)', 'request', api],
    ['Images API, cached variant, token (answered before Next.js)', 'request', images(p.api)],
    ['Signed delivery /d/, cached variant', 'request', images(p.delivery)],
    ['Metric ingest, 1,000 points a batch', 'batch', ingest],
    ['OTLP traces, protobuf, 512 spans × 20 attributes a batch', 'batch', spans],
  ];
  console.log(
    `\nbench:cost — Redline's main thread profiled ${CAPTURE_S} s under each load (1 ms sampling, ${CONCURRENCY} connections; 4 exporters for traces); 2-core machine, client and server share it`,
  );
  for (const [name, unit, load] of loads.filter(([n]) => n.includes(ONLY))) {
    await load(2); // warm-up
    const { perSec, profile } = await profiled(admin, load);
    report(name, unit, perSec, profile);
  }
} finally {
  await server.stop();
  removeImages();
  rmSync(cacheDir, { recursive: true, force: true });
}
process.exit(0);
