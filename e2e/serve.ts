// Starts Redline for the end-to-end suite from the production build, as `npm start` does:
//   tsx e2e/serve.ts sqlite 3100   one instance on a fresh SQLite file, in-process shared store
//   tsx e2e/serve.ts pg 3101       two instances (3101, 3102) on a fresh PostgreSQL database and
//                                  one Redis key prefix; the database is dropped on exit
//   tsx e2e/serve.ts fresh 3103    one instance on a fresh SQLite file with no admin (first-run setup)
//   tsx e2e/serve.ts kube 3105     one instance whose fleet is a Kubernetes Deployment, on a local
//                                  stand-in for the API server with real sample-service pods
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import sharp from 'sharp';
import { serverArgs, serverEnv } from '../lib/server/heap.ts';
import { ADMIN } from './credentials.ts';

const root = path.resolve(import.meta.dirname, '..');
const [mode, portArg] = process.argv.slice(2);
const port = Number(portArg);
const pgAdminUrl = process.env.TEST_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const children: ChildProcess[] = [];
let cleanup: () => Promise<void> = async () => undefined;

function start(env: Record<string, string>, p: number, withAdmin = true): void {
  const admin = withAdmin ? { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } : {};
  const child = spawn(process.execPath, serverArgs(), {
    cwd: root,
    // No trace rate limit: the suite's own bursts of requests (fuzzing, route walks) would sample out
    // the traces later tests look for; the limit has its integration test (tests/integration/tracing).
    env: {
      ...process.env,
      ...serverEnv(),
      TRACES_MAX_PER_SECOND: '0',
      ...env,
      PORT: String(p),
      HOST: '127.0.0.1',
      ...admin,
    },
    stdio: 'inherit',
  });
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`[serve] instance on ${p} exited with ${code}`);
      void shutdown(1);
    }
  });
  children.push(child);
}

let stopping = false;
async function shutdown(code = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map(
      (c) =>
        new Promise((resolve) => {
          if (c.exitCode !== null) return resolve(null);
          c.once('exit', resolve);
          c.kill('SIGTERM');
        }),
    ),
  );
  await cleanup();
  process.exit(code);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());

const FLEET_ENV = (dir: string) => ({
  FLEET_STATE_FILE: path.join(dir, 'fleet.json'),
  FLEET_INITIAL_INSTANCES: '2',
  MIN_INSTANCES: '2',
  MAX_INSTANCES: '4',
  LOAD_BALANCER_HEALTH_CHECK_INTERVAL: '500',
  LOAD_BALANCER_HEALTH_CHECK_TIMEOUT: '400',
});

/** Sample images for the images API specs (real files, made with sharp). */
async function makeMedia(dir: string): Promise<string> {
  const media = path.join(dir, 'media');
  mkdirSync(path.join(media, 'photos'), { recursive: true });
  await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#2a5db0' } })
    .composite([
      {
        input: Buffer.from('<svg width="1600" height="1200"><circle cx="800" cy="600" r="420" fill="#f0b030"/></svg>'),
      },
    ])
    .jpeg({ quality: 92 })
    .toFile(path.join(media, 'photos', 'sample.jpg'));
  writeFileSync(path.join(media, 'not-an-image.jpg'), 'plain text');
  mkdirSync(path.join(media, 'css'), { recursive: true });
  writeFileSync(
    path.join(media, 'css', 'main.css'),
    Array.from({ length: 400 }, (_, i) => `.card-${i} { margin: ${i % 16}px; color: #333; }`).join('\n'),
  );
  writeFileSync(
    path.join(media, 'logo.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle cx="20" cy="20" r="18" fill="#c33"/></svg>',
  );
  writeFileSync(
    path.join(media, 'evil.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><script>fetch("/api/users")</script></svg>',
  );
  return media;
}

if (mode === 'sqlite' || mode === 'fresh') {
  const dir = path.join(root, `.e2e/${mode}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const media = await makeMedia(dir);
  start(
    {
      DATABASE_URL: `file:${path.join(dir, 'redline.db')}`,
      METRICS_MAX_SERIES_PER_METRIC: '50',
      MEDIA_ROOT: media,
      IMAGE_CACHE_DIR: path.join(dir, 'variants'),
      // Two real probes: one that refuses connections (port 9, discard, is closed here) and this server.
      CDN_HEALTH_TARGETS: `edge-a=http://127.0.0.1:9/health,origin=http://127.0.0.1:${port}/api/ping`,
      // The probes are local stand-ins, so loopback is opened for CDN probes as an operator would.
      OUTBOUND_ALLOW_RANGES_CDN_HEALTH: '127.0.0.0/8',
      CDN_HEALTH_CHECK_INTERVAL: '2000',
      // The fleet: two sample-service instances behind the proxy on port + 80, checked twice a second.
      ...(mode === 'sqlite' ? FLEET_ENV(dir) : { FLEET_PROVIDER: 'none' }),
    },
    port,
    mode === 'sqlite',
  );
} else if (mode === 'pg') {
  const name = `redline_e2e_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanup = async () => {
    const a = new pg.Client({ connectionString: pgAdminUrl });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  };
  const url = new URL(pgAdminUrl);
  url.pathname = `/${name}`;
  // One media root on this machine for both instances (as a shared volume would be); each keeps its own variant cache.
  const dir = path.join(root, '.e2e/pg');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const media = await makeMedia(dir);
  const env = {
    DATABASE_URL: url.toString(),
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `${name}:`,
    MEDIA_ROOT: media,
    ...FLEET_ENV(dir),
  };
  start({ ...env, IMAGE_CACHE_DIR: path.join(dir, `variants-${port}`) }, port);
  start({ ...env, IMAGE_CACHE_DIR: path.join(dir, `variants-${port + 1}`) }, port + 1);
} else if (mode === 'kube') {
  const { FakeCluster } = await import('../tests/helpers/fake-cluster.ts');
  const cluster = new FakeCluster('shop', 'web', 2);
  const kubeconfig = await cluster.start();
  cleanup = () => cluster.close();
  const dir = path.join(root, '.e2e/kube');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  start(
    {
      DATABASE_URL: `file:${path.join(dir, 'redline.db')}`,
      FLEET_PROVIDER: 'kubernetes',
      FLEET_K8S_NAMESPACE: 'shop',
      FLEET_K8S_DEPLOYMENT: 'web',
      KUBECONFIG: kubeconfig,
      MIN_INSTANCES: '1',
      MAX_INSTANCES: '4',
      LOAD_BALANCER_HEALTH_CHECK_INTERVAL: '500',
    },
    port,
  );
} else {
  console.error('usage: tsx e2e/serve.ts sqlite|pg|fresh|kube <port>');
  process.exit(2);
}
