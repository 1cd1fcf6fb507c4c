// npm run bench:footprint — the memory one idle instance holds: `npm start` on a fresh SQLite
// database with its default fleet, nothing asked of it. RSS of the server (the tsx launcher and
// the Node process it runs) and of the fleet's instances, after start-up and then every minute for
// BENCH_IDLE_MINUTES (10), with the server's own heap reading from the metrics store.
import { readdirSync, readFileSync } from 'node:fs';
import { startRedline, token } from './harness';

const MINUTES = Number(process.env.BENCH_IDLE_MINUTES ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3236);
const GOAL_MB = 400;

interface Proc {
  pid: number;
  ppid: number;
  rssMb: number;
  cmd: string;
}

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const status = readFileSync(`/proc/${d}/status`, 'utf8');
      out.push({
        pid: Number(d),
        ppid: Number(/PPid:\s+(\d+)/.exec(status)?.[1]),
        rssMb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024,
        cmd: readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' '),
      });
    } catch {
      // gone
    }
  }
  return out;
}

/** The server's processes (launcher and Node) and the fleet instances under it. */
function footprint(root: number): { server: number; fleet: number; instances: number } {
  const all = processes();
  const tree: Proc[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop() as number;
    for (const p of all.filter((x) => x.ppid === pid)) {
      tree.push(p);
      stack.push(p.pid);
    }
  }
  const self = all.find((p) => p.pid === root);
  const fleet = tree.filter((p) => p.cmd.includes('sample-service'));
  const server = [self, ...tree.filter((p) => !fleet.includes(p))].reduce((n, p) => n + (p?.rssMb ?? 0), 0);
  return { server, fleet: fleet.reduce((n, p) => n + p.rssMb, 0), instances: fleet.length };
}

const server = await startRedline('sqlite', PORT, { FLEET_PROVIDER: 'local' });
try {
  const auth = { authorization: `Bearer ${await token(server.url, 'viewer')}` };
  const heapMb = async () => {
    const r = await fetch(`${server.url}/api/metrics/series?name=process_heap_used_bytes&range=15m`, { headers: auth });
    const s = ((await r.json()) as { series: { points: { avg?: number }[] }[] }).series[0];
    const last = s?.points.filter((p) => p.avg !== undefined).at(-1)?.avg;
    return last === undefined ? Number.NaN : last / 1e6;
  };
  await new Promise((s) => setTimeout(s, 30_000));
  const rows: string[] = [];
  const row = async (label: string) => {
    const f = footprint(server.pid);
    const line = `| ${label} | **${f.server.toFixed(0)} MB** | ${(await heapMb()).toFixed(0)} MB | ${f.fleet.toFixed(0)} MB (${f.instances}) |`;
    rows.push(line);
    console.log(line);
  };
  await row('30 s after start');
  for (let m = 1; m <= MINUTES; m++) {
    await new Promise((s) => setTimeout(s, 60_000));
    await row(`${m} min idle`);
  }
  console.log(`\nIdle footprint, one instance on SQLite with its default fleet (goal: server ≤ ${GOAL_MB} MB)\n`);
  console.log('| when | server RSS | its heap in use | fleet instances RSS |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of rows) console.log(r);
} finally {
  await server.stop();
}
