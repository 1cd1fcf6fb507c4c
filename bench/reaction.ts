// npm run bench:reaction — autoscaler reaction time with default settings: Redline starts its
// fleet (two sample-service instances behind the proxy, the default CPU target-tracking policy at
// 70% of a core), a light load runs, then a step of CPU-heavy requests; the figure is the time
// from the step to the first new instance taking traffic at the proxy. Several rounds; between
// them the fleet is put back to two instances and left to cool down.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LoadGenerator } from '../lib/fleet/load-generator';
import { startRedline, token } from './harness';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PORT = 3212;
const PROXY = `http://127.0.0.1:${PORT + 80}`;
const WORK_MS = Number(process.env.BENCH_WORK_MS ?? 9);
const LOW = 20;
const HIGH = Number(process.env.BENCH_HIGH_RPS ?? 170); // ≈ 1.5 cores of work: ~75% on each of two instances

interface Stats {
  backends: { id: string; requests: number; health: { status: string } }[];
  instances: { id: string; state: string }[];
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'redline-reaction-'));
const server = await startRedline('sqlite', PORT, {
  FLEET_PROVIDER: 'local',
  FLEET_STATE_FILE: path.join(dir, 'fleet.json'),
  FLEET_INITIAL_INSTANCES: '2',
});
const results: { reactionMs: number; decisionMs: number; readyMs: number | null }[] = [];
try {
  const auth = { authorization: `Bearer ${await token(server.url, 'admin')}`, 'content-type': 'application/json' };
  const api = async <T>(p: string, init: RequestInit = {}): Promise<T> =>
    (await (await fetch(`${server.url}${p}`, { ...init, headers: auth })).json()) as T;
  const stats = () => api<Stats>('/api/optimization/load-balancer?action=stats');
  const waitUntil = async (what: string, ok: () => Promise<boolean>, timeoutMs: number) => {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (await ok().catch(() => false)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  await waitUntil(
    'two healthy instances',
    async () => (await stats()).backends.filter((b) => b.health.status === 'up').length === 2,
    60_000,
  );

  for (let round = 1; round <= ROUNDS; round++) {
    // Settle at low load, then step up.
    const low = new LoadGenerator(
      `${PROXY}/?work=${WORK_MS}`,
      { kind: 'step', low: LOW, high: LOW, stepAtMs: 0, downAtMs: 0 },
      { durationMs: 15_000 },
    ).start();
    await low.finished;
    const before = new Set((await stats()).backends.map((b) => b.id));
    const stepAt = Date.now();
    const high = new LoadGenerator(
      `${PROXY}/?work=${WORK_MS}`,
      { kind: 'step', low: HIGH, high: HIGH, stepAtMs: 0, downAtMs: 0 },
      { durationMs: 60_000, maxInFlight: 512 },
    ).start();
    let reactionMs = Number.NaN;
    try {
      await waitUntil(
        'a new instance taking traffic',
        async () => {
          const fresh = (await stats()).backends.find((b) => !before.has(b.id) && b.requests > 0);
          if (fresh) reactionMs = Date.now() - stepAt;
          return fresh !== undefined;
        },
        60_000,
      );
    } finally {
      high.stop();
    }
    const decisions = await api<{
      decisions: { at: string; trigger: string; direction: string; readyMs: number | null }[];
    }>('/api/performance/scaling?range=15m');
    const up = decisions.decisions.find(
      (d) => d.trigger === 'auto' && d.direction === 'up' && Date.parse(d.at) >= stepAt - 2_000,
    );
    results.push({
      reactionMs,
      decisionMs: up ? Date.parse(up.at) - stepAt : Number.NaN,
      readyMs: up?.readyMs ?? null,
    });
    console.log(
      `round ${round}: new instance took traffic ${(reactionMs / 1000).toFixed(1)} s after the step (decision at ${up ? ((Date.parse(up.at) - stepAt) / 1000).toFixed(1) : '?'} s, ready ${up?.readyMs ? (up.readyMs / 1000).toFixed(1) : '?'} s after it; load sent ${high.stats.sent}, errors ${high.stats.errors})`,
    );
    // Back to two, held for a minute while the readings cool, then handed back.
    await api('/api/performance/scale', {
      method: 'POST',
      body: JSON.stringify({ action: 'scale_to', instances: 2, holdMinutes: 1 }),
    });
    await waitUntil('two instances', async () => (await stats()).instances.length === 2, 60_000);
    await new Promise((r) => setTimeout(r, 20_000));
    await api('/api/performance/scale', { method: 'POST', body: JSON.stringify({ action: 'release' }) });
  }
  const sorted = results.map((r) => r.reactionMs).sort((a, b) => a - b);
  console.log(
    `\nAutoscaler reaction with default settings (CPU target 70% of a core, 10 s average, evaluated every 2 s), ${ROUNDS} rounds`,
  );
  console.log(`  step ${LOW} → ${HIGH} req/s of ${WORK_MS} ms CPU work each, through the proxy`);
  console.log(
    `  load step → new instance taking traffic: ${sorted.map((v) => `${(v / 1000).toFixed(1)} s`).join(', ')} (median ${((sorted[Math.floor(sorted.length / 2)] ?? Number.NaN) / 1000).toFixed(1)} s; target ≤ 15 s)`,
  );
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
