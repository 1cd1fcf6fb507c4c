// What the test suites need from the machine, checked before they start, so a missing service or
// tool fails at once with the command that provides it instead of a timeout deep in a test.
import { accessSync, constants } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface Requirement {
  what: string;
  ok: boolean;
  fix: string;
}

function onPath(program: string): boolean {
  if (program.includes('/')) {
    try {
      accessSync(program, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }
  const dirs = (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/sbin', '/sbin']);
  return dirs.some((d) => {
    try {
      accessSync(path.join(d, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Debian programs the end-to-end suite runs, with the package that provides each. */
export const E2E_TOOLS: readonly { program: string; pkg: string; why: string }[] = [
  { program: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', pkg: 'chromium', why: 'the browser' },
  { program: 'promtool', pkg: 'prometheus', why: 'validates /api/metrics' },
  { program: 'pdftotext', pkg: 'poppler-utils', why: 'reads the PDF report' },
  { program: 'hey', pkg: 'hey', why: 'the proxy benchmark from the console' },
  { program: 'wrk', pkg: 'wrk', why: 'the proxy benchmark from the console' },
  { program: 'nginx', pkg: 'nginx-light', why: 'the proxy benchmark peer' },
];

/** Programs the integration suite runs. */
export const INTEGRATION_TOOLS: readonly { program: string; pkg: string; why: string }[] = [
  { program: 'go', pkg: 'golang-go', why: "reads the pprof download with Go's own pprof" },
];

export function missingTools(tools = E2E_TOOLS): Requirement[] {
  return tools
    .filter((t) => !onPath(t.program))
    .map((t) => ({ what: `${t.program} (${t.why})`, ok: false, fix: `apt-get install -y ${t.pkg}` }));
}

function answers(
  host: string,
  port: number,
  probe: Buffer | null,
  expect: RegExp | null,
  timeoutMs = 2_000,
): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => {
      if (!probe) return done(true);
      socket.write(probe);
    });
    socket.on('data', (d) => done(expect ? expect.test(d.toString('latin1')) : true));
  });
}

const PG_START = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';
const redisStart = (port: number) =>
  `redis-server --daemonize yes --bind 127.0.0.1 -::1 --port ${port} --save "" --appendonly no`;

/** PostgreSQL and Redis at the test suites' addresses (TEST_PG_ADMIN_URL, TEST_REDIS_URL). */
export async function missingServices(pgUrl: string, redisUrl: string): Promise<Requirement[]> {
  const pg = new URL(pgUrl);
  const redis = new URL(redisUrl);
  const [pgUp, redisUp] = await Promise.all([
    answers(pg.hostname, Number(pg.port || 5432), null, null),
    answers(redis.hostname, Number(redis.port || 6379), Buffer.from('PING\r\n'), /PONG|NOAUTH/),
  ]);
  const out: Requirement[] = [];
  if (!pgUp) out.push({ what: `PostgreSQL at ${pg.host}`, ok: false, fix: PG_START });
  if (!redisUp) out.push({ what: `Redis at ${redis.host}`, ok: false, fix: redisStart(Number(redis.port || 6379)) });
  return out;
}

export function explain(suite: string, missing: readonly Requirement[]): string {
  return [
    `The ${suite} needs what this machine lacks:`,
    ...missing.map((m) => `  - ${m.what}: ${m.fix}`),
    'On Debian, .ci/run installs and starts all of it.',
  ].join('\n');
}

// A quick self-check when run directly: `tsx tests/helpers/requirements.ts`.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const pgUrl = process.env.TEST_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const missing = [...(await missingServices(pgUrl, redisUrl)), ...missingTools()];
  console.log(missing.length ? explain('test suite', missing) : 'everything the test suites need is here');
  process.exitCode = missing.length ? 1 : 0;
}
