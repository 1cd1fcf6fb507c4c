// What bench:proxy and the proxy gate share: Redline serving its fleet of two sample-service
// instances behind its proxy (PORT + 80), nginx proxying the same two instances, and wrk.
import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../lib/fleet/local-provider';
import { type Server, startRedline, token } from './harness';

const run = promisify(execFile);

export interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** wrk (C, two threads: less of the shared CPU than hey) at saturation: requests/s and non-2xx answers. */
export async function wrk(url: string, connections: number, seconds: number): Promise<Load> {
  const { stdout } = await run('wrk', ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency', url], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const num = (re: RegExp) => Number(re.exec(stdout)?.[1] ?? Number.NaN);
  const ms = (re: RegExp) => {
    const m = re.exec(stdout);
    if (!m) return Number.NaN;
    const v = Number(m[1]);
    return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
  };
  return {
    rps: num(/Requests\/sec:\s+([\d.]+)/),
    p50: ms(/50%\s+([\d.]+)(us|ms|s)/),
    p99: ms(/99%\s+([\d.]+)(us|ms|s)/),
    errors: num(/Non-2xx or 3xx responses:\s+(\d+)/) || 0,
  };
}

/** Redline with a fleet of exactly two, round-robin, no sticky sessions; the two instances' ports. */
export async function fleetRedline(port: number, dir: string): Promise<{ server: Server; ports: number[] }> {
  const server = await startRedline('sqlite', port, {
    FLEET_PROVIDER: 'local',
    FLEET_STATE_FILE: path.join(dir, 'fleet.json'),
    FLEET_INITIAL_INSTANCES: '2',
    MIN_INSTANCES: '2',
    MAX_INSTANCES: '2', // the fleet stays at two however busy it gets: the same backends for both proxies
    LOAD_BALANCER_ALGORITHM: 'round-robin',
    LOAD_BALANCER_STICKY_SESSIONS_ENABLED: 'false',
    LOAD_BALANCER_HEALTH_CHECK_INTERVAL: '1000',
  });
  try {
    const auth = { authorization: `Bearer ${await token(server.url, 'viewer')}` };
    type Stats = { backends: { port: number; health: { status: string } }[] };
    let stats: Stats = { backends: [] };
    for (let i = 0; i < 150 && stats.backends.filter((b) => b.health.status === 'up').length < 2; i++) {
      await new Promise((r) => setTimeout(r, 200));
      stats = (await (
        await fetch(`${server.url}/api/optimization/load-balancer?action=stats`, { headers: auth })
      ).json()) as Stats;
    }
    const ports = stats.backends.map((b) => b.port);
    if (ports.length !== 2) throw new Error('the fleet did not come up');
    return { server, ports };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/**
 * nginx with one worker process (Redline's proxy is one event loop: the same CPU budget) proxying
 * `ports` round-robin with keep-alive; its files in `dir`. Stop it with kill('SIGQUIT').
 */
export async function startNginx(dir: string, ports: number[]) {
  const port = await freePort();
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  upstream app { ${ports.map((p) => `server 127.0.0.1:${p};`).join(' ')} keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / { proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
`,
  );
  const child = spawn('nginx', ['-c', path.join(dir, 'nginx.conf'), '-p', dir, '-e', path.join(dir, 'error.log')], {
    stdio: 'inherit',
  });
  return { child, port };
}
