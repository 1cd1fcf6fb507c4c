// No regular expression that runs on input can stall the event loop. Every regex literal in the
// server's code (lib/, app/, server.ts) is extracted and run against adversarial inputs — long runs
// of each character class, with a failing tail — in a worker thread that is stopped if any takes
// too long. Each file holding regexes is listed below with what they read; a new one fails the
// test until it is reviewed and added.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

/** Files with regexes, and what they run on. "input": reachable from a request or a remote answer. */
const REVIEWED: Record<string, string> = {
  'app/api/jobs/[name]/run/route.ts': 'input: the job name parameter',
  'app/api/metrics/series/route.ts': 'input: metric and label names in the query',
  'app/api/optimization/performance/route.ts': 'own: a timestamp for the file name',
  'app/api/performance/metrics/realtime/route.ts': 'input: the names query',
  'app/api/performance/reports/route.ts': 'own: a timestamp for the file name',
  'app/api/performance/scaling/hpa/route.ts': 'input: namespace and deployment names',
  'lib/alerts/schemas.ts': 'input: channel URLs (zod protocol check)',
  'lib/api/authn.ts': 'input: the Authorization header',
  'lib/api/request.ts': 'input: keys of audited parameters',
  'lib/api/openapi/document.ts': 'own: route paths',
  'lib/api/respond.ts': 'own: error codes',
  'lib/cdn/cloudfront.ts': 'remote: the provider answer',
  'lib/cdn/index.ts': 'own: paths being purged',
  'lib/cdn/invalidation.ts': 'input: purge paths',
  'lib/cdn/health.ts': 'own: error messages',
  'lib/cdn/providers.ts': 'remote: provider answers; input: tags and paths',
  'lib/client/fetcher.ts': 'browser: the cookie header',
  'lib/config/env-schema.ts': 'environment: variable values',
  'lib/config/parse.ts': 'environment: durations, lists, URLs',
  'lib/config/runtime-settings.ts': 'input: setting values',
  'lib/delivery/signing.ts': 'input: delivery URL parameters',
  'lib/delivery/text-assets.ts': 'input: asset paths',
  'lib/delivery/urls.ts': 'input: paths and parameters',
  'lib/export/csv.ts': 'stored data: cell values',
  'lib/fleet/commands.ts': 'input: server ids and URLs',
  'lib/fleet/local-provider.ts': 'child output',
  'lib/fleet/profiler-channel.ts': 'own: the fleet command name',
  'lib/fleet/quantity.ts': 'remote: Kubernetes quantities',
  'lib/images/asset-meta.ts': 'input: tags',
  'lib/images/inventory.ts': 'own: file names under the media root',
  'lib/images/local-source.ts': 'input: source paths',
  'lib/images/pipeline.ts': 'input: image bytes (headers only)',
  'lib/images/purge.ts': 'input: purge paths',
  'lib/images/respond.ts': 'input: Range and If-None-Match headers',
  'lib/images/responsive.ts': 'input: aspect ratio and sizes',
  'lib/images/service.ts': 'input: the src parameter',
  'lib/images/svg-check.ts': 'input: a 20-byte prefix of a data reference',
  'lib/images/upload.ts': 'input: uploaded file names',
  'lib/images/variant-cache.ts': 'own: cache file names',
  'lib/lb/backend.ts': 'input: backend URLs',
  'lib/lb/proxy.ts': 'input: the traceparent header of proxied requests',
  'lib/metrics/ingest.ts': 'input: ingested metric and label names',
  'lib/metrics/model.ts': 'input: metric and label names',
  'lib/net/address-policy.ts': 'input: addresses and host names',
  'lib/net/guarded-fetch.ts': 'input: URLs',
  'lib/net/outbound.ts': 'remote: error messages',
  'lib/performance/categories.ts': 'own: metric names',
  'lib/profiling/budgets.ts': 'input: budget route patterns',
  'lib/profiling/formats/folded.ts': 'own: frame names on export (a character class)',
  'lib/profiling/formats/pprof.ts': 'input: a pprof sample type unit name (/second/)',
  'lib/profiling/leaks.ts': 'heap snapshot: retainer path names',
  'lib/profiling/service.ts': 'input: profile source specs',
  'lib/profiling/source-maps.ts': 'input: frame file names',
  'lib/profiling/store.ts': 'input: profile ids',
  'lib/self-monitor/db-observer.ts': "own: Prisma's SQL text (a span name from its verb and table)",
  'lib/tracing/otlp.ts': 'input: OTLP/JSON timestamps and ids (anchored character classes)',
  'lib/tracing/query.ts': 'input: trace ids in the path',
  'lib/tracing/self.ts': 'input: the traceparent header (anchored, fixed lengths)',
  'lib/tracing/sql.ts': 'input: attribute filters (a character class, no repetition)',
  'lib/tracing/log-store.ts': 'input: the log search text (a character class, no repetition)',
  'lib/bench/cost.ts':
    'input: source paths from the build source maps and profile frames (anchored, no nested repetition)',
  'lib/tracing/zipkin.ts': 'input: Zipkin span ids (anchored, fixed length)',
  'lib/redis/redis-store.ts': 'own: key patterns',
  'lib/scaling/forecast.ts': 'own: season names',
  'lib/scaling/policy.ts': 'input: policy fields',
  'lib/scaling/store.ts': 'input: configuration fields',
  'lib/scrape/prom-text.ts': 'remote: scraped Prometheus text',
  'lib/scrape/service.ts': 'own: error messages',
  'lib/scrape/schemas.ts': 'input: target names',
  'lib/server/node-version.ts': 'own: the Node version',
  'lib/slow-queries/normalize.ts': 'stored data: SQL text with literal values',
  'lib/time-range.ts': 'input: from/to instants',
};

function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (e.name !== 'generated') sources(rel, out);
    } else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts')) out.push(rel);
  }
  return out;
}

// A regex literal where one may start: after an operator, a bracket, a comma or `return`.
const LITERAL =
  /(?:^|[(,=:[!&|?{};]|\breturn)\s*\/(?![*/])((?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n[])+)\/([dgimsuy]*)(?=\s*(?:\.(?:test|exec|source)\b|[),;\]}]|$))/gm;

function regexesOf(file: string): { source: string; flags: string }[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  const out: { source: string; flags: string }[] = [];
  for (const m of text.matchAll(LITERAL)) {
    try {
      new RegExp(m[1] ?? '', m[2]);
      out.push({ source: m[1] ?? '', flags: (m[2] ?? '').replace('g', '') });
    } catch {
      // not a regex (a division the pattern caught)
    }
  }
  return out;
}

const files = [...sources('lib'), ...sources('app'), 'server.ts']
  .filter((f) => !f.includes('.generated.'))
  .filter((f) => regexesOf(f).length > 0);

// Runs every regex on every input inside a worker, reporting each start so a stuck one is named.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { regexes, inputs } = workerData;
const worst = [];
regexes.forEach((r, i) => {
  const re = new RegExp(r.source, r.flags);
  let max = 0;
  for (const input of inputs) {
    parentPort.postMessage({ running: i });
    const t0 = performance.now();
    re.test(input);
    max = Math.max(max, performance.now() - t0);
  }
  worst.push(max);
});
parentPort.postMessage({ worst });
`;

function adversarialInputs(n: number): string[] {
  const units = [
    ' ',
    'a',
    'A',
    '0',
    '.',
    '-',
    '_',
    ':',
    '/',
    '\\',
    '"',
    "'",
    '<',
    '=',
    ',',
    '%',
    '\t',
    '\n',
    'a=',
    'url( ',
    'a,',
    '0.',
    'a:',
    '{"a":',
    '${',
    '--',
    '[',
    '(',
    ' = ',
  ];
  return units.flatMap((u) => {
    const run = u.repeat(Math.ceil(n / u.length)).slice(0, n);
    return [run, `${run}!`, `x${run}\u0000`];
  });
}

describe('regular expressions on input', () => {
  it('live only in files whose inputs have been reviewed (add new ones to REVIEWED)', () => {
    expect(files.filter((f) => !REVIEWED[f])).toEqual([]);
  });

  it('each run in linear time on 20,000-character adversarial inputs', async () => {
    const regexes = files.flatMap((file) => regexesOf(file).map((r) => ({ ...r, file })));
    expect(regexes.length).toBeGreaterThan(50);
    const worker = new Worker(WORKER, { eval: true, workerData: { regexes, inputs: adversarialInputs(20_000) } });
    let running = -1;
    const worst = await new Promise<number[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        void worker.terminate();
        const r = regexes[running];
        reject(new Error(`stuck on /${r?.source}/${r?.flags} in ${r?.file}`));
      }, 20_000);
      worker.on('message', (m: { running?: number; worst?: number[] }) => {
        if (m.running !== undefined) running = m.running;
        if (m.worst) {
          clearTimeout(timer);
          resolve(m.worst);
        }
      });
      worker.on('error', reject);
    });
    await worker.terminate();
    const slow = worst
      .map((ms, i) => ({ ms, r: regexes[i] }))
      .filter((x) => x.ms > 50)
      .map((x) => `${x.r?.file}: /${x.r?.source}/ took ${x.ms.toFixed(0)} ms`);
    expect(slow).toEqual([]);
  }, 30_000);
});
