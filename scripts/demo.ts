// npm run demo — Redline, its sample fleet and a bounded load generator, so a new user watches the
// autoscaler react to real load within a minute. Redline runs on its own SQLite file
// (data/demo.db) with a demo admin, the fleet behind the proxy on PORT + 80, and the load comes in
// two acts: a step (light → heavy → light) and then a day compressed into two minutes, four times
// (enough for the Predictions tab, season "2 minutes", to forecast the next one). The load
// stops by itself; Redline keeps running until Ctrl-C, so the charts and decisions stay to look at.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { LoadGenerator } from '../lib/fleet/load-generator';
import { serverArgs, serverEnv } from '../lib/server/heap';
import type { LoadPattern } from '../lib/fleet/load-shape';

const ROOT = path.resolve(import.meta.dirname, '..');
const PORT = Number(process.env.DEMO_PORT ?? 3000);
const URL_ = `http://127.0.0.1:${PORT}`;
const PROXY = `http://127.0.0.1:${PORT + 80}`;
const WORK_MS = 9; // CPU per request in the sample service
const EMAIL = process.env.DEMO_EMAIL ?? 'demo@redline.local';
const PASSWORD = process.env.DEMO_PASSWORD ?? randomBytes(9).toString('base64url');

mkdirSync(path.join(ROOT, 'data'), { recursive: true });
console.log('[demo] starting Redline (first start builds the console, which takes a few minutes)…');
const redline: ChildProcess = spawn(process.execPath, serverArgs(), {
  cwd: ROOT,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: {
    ...process.env,
    ...serverEnv(),
    PORT: String(PORT),
    HOST: '127.0.0.1',
    DATABASE_URL: `file:${path.join(ROOT, 'data', 'demo.db')}`,
    FLEET_STATE_FILE: path.join(ROOT, 'data', 'demo-fleet.json'),
    ADMIN_EMAIL: EMAIL,
    ADMIN_PASSWORD: PASSWORD,
    FLEET_INITIAL_INSTANCES: '2',
    MIN_INSTANCES: '2',
    MAX_INSTANCES: '5',
    // Quicker than production defaults, so the whole story fits in a few minutes.
    LOAD_BALANCER_HEALTH_CHECK_INTERVAL: '1000',
    SCALING_COOLDOWN: '30000',
  },
});
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  console.log('\n[demo] stopping Redline and its fleet…');
  redline.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
redline.on('exit', (code) => process.exit(stopping ? 0 : (code ?? 1)));

async function until(what: string, ok: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await ok().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

await until('Redline', async () => (await fetch(`${URL_}/api/health`)).ok, 10 * 60_000);
// Sign in as the demo admin. A shorter scale-down window suits a demo; the CPU target is 60% of a
// core because this machine's cores are shared by every instance, the proxy and the load itself.
const login = await fetch(`${URL_}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
});
if (!login.ok)
  throw new Error(
    `sign-in failed (${login.status}): data/demo.db has another admin? Set DEMO_EMAIL and DEMO_PASSWORD, or delete data/demo.db`,
  );
const cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
const { csrfToken } = (await login.json()) as { csrfToken: string };
const api = (p: string, init: RequestInit = {}) =>
  fetch(`${URL_}${p}`, {
    ...init,
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken, origin: URL_ },
  });
await api('/api/performance/scaling', {
  method: 'PUT',
  body: JSON.stringify({
    stabilizationMs: 45_000,
    scaleDownCooldownMs: 30_000,
    override: null,
    maintenance: null,
    policies: [
      { id: 'cpu-target', name: 'CPU: keep instances near 60% of a core', metric: 'cpu', kind: 'target', target: 60 },
    ],
  }),
});
await until(
  'the fleet',
  async () =>
    ((await (await api('/api/optimization/load-balancer?action=stats')).json()) as { totals: { healthy: number } })
      .totals.healthy >= 1,
  60_000,
);

console.log(`
  Redline:  ${URL_}/scaling/overview   (sign in as ${EMAIL} / ${PASSWORD})
  Proxy:    ${PROXY}                   (the fleet of sample services behind it)

  Act 1, a load step: 20 req/s, then 170 req/s for 2 minutes (≈ 1.5 cores of work), then 20 again.
  Act 2, a day compressed into 2 minutes, four times: 15 → 160 → 15 req/s.
  Watch Scaling → Overview (topology, instances) and History (each decision and its reason);
  after two compressed days, ${URL_}/scaling/predictions?season=2m forecasts the next one.
  Kill an instance to see it ejected and restarted:  kill -9 <pid from the Instances table>
`);

const acts: { name: string; pattern: LoadPattern; ms: number }[] = [
  { name: 'step', pattern: { kind: 'step', low: 20, high: 170, stepAtMs: 20_000, downAtMs: 140_000 }, ms: 200_000 },
  { name: 'daily shape', pattern: { kind: 'daily', low: 15, high: 160, periodMs: 120_000 }, ms: 480_000 },
];
for (const act of acts) {
  if (stopping) break;
  console.log(`[demo] act: ${act.name}`);
  const load = new LoadGenerator(`${PROXY}/?work=${WORK_MS}`, act.pattern, {
    durationMs: act.ms,
    maxInFlight: 400,
  }).start();
  const report = setInterval(async () => {
    const s = (await api('/api/performance/scaling?range=15m')
      .then((r) => r.json())
      .catch(() => null)) as {
      current: number;
      desired: number;
      decisions: { summary: string; direction: string }[];
    } | null;
    const last = s?.decisions.find((d) => d.direction !== 'none');
    console.log(
      `[demo] ${(load.elapsedMs / 1000).toFixed(0).padStart(3)} s  offered ${load.currentRate().toFixed(0).padStart(3)} req/s  sent ${load.stats.sent} (errors ${load.stats.errors})  instances ${s?.current ?? '?'}/${s?.desired ?? '?'}${last ? `  last: ${last.summary}` : ''}`,
    );
  }, 5_000);
  await load.finished;
  clearInterval(report);
}
console.log(`[demo] load finished. Redline keeps running at ${URL_} (Ctrl-C to stop it and its fleet).`);
console.log(
  '[demo] Scaling → Load balancer → Run benchmark measures the proxy beside nginx on this machine (needs hey, wrk and nginx-light).',
);
