// `npm start`: validate configuration, build on a fresh clone, apply migrations, then serve the
// console with Next.js on HOST:PORT (127.0.0.1:3000 by default). `npm run dev` (--dev) runs the
// same server with Next's development mode (hot reload, no build), so migrations, signed delivery
// and client addresses work there too.
// A custom server because route handlers cannot see the socket: it stamps the client address in
// a header of its own (replacing any a client sent), and it drains and flushes on SIGTERM.
import './lib/server/require-node.ts';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import next from 'next';
import { CLIENT_IP_HEADER } from './lib/api/request.ts';
import { configOrExit } from './lib/config/index.ts';
import { applyMigrations } from './lib/db/migrate.ts';
import { resolveDatabaseTarget } from './lib/db/target.ts';
import { DELIVERY_PREFIX } from './lib/delivery/signing.ts';
import { shutdownProcess } from './lib/process/registry.ts';

const root = import.meta.dirname;
// Relative paths in the configuration (./data/media, ./data/variants) and the metrics writer's
// worker entry are resolved against the project, wherever `npm start` was run from.
process.chdir(root);
if (existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'));

const env = configOrExit();
const dev = process.argv.includes('--dev');

if (!dev && !existsSync(path.join(root, '.next/BUILD_ID'))) {
  console.log('[start] no production build yet: running `npm run build` once');
  const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const target = resolveDatabaseTarget(env.DATABASE_URL, root);
const applied = await applyMigrations(target);
console.log(
  `[start] database ${target.label}: ${applied.length ? `applied ${applied.join(', ')}` : 'migrations up to date'}`,
);

const app = next({ dev, dir: root, hostname: env.HOST, port: env.PORT });
await app.prepare();
const handle = app.getRequestHandler();

// Signed delivery URLs (/d/…) are answered here, before Next.js: the hot path of asset delivery
// needs none of the route machinery, and the signature is its authorization. Loaded on first use.
let delivery: Promise<typeof import('./lib/delivery/serve.ts')> | undefined;

const server = createServer((req, res) => {
  const forwarded = env.TRUST_PROXY
    ? String(req.headers['x-forwarded-for'] ?? '')
        .split(',')[0]
        ?.trim()
    : '';
  const ip = forwarded || req.socket.remoteAddress || '';
  req.headers[CLIENT_IP_HEADER] = ip;
  if (req.url?.startsWith(DELIVERY_PREFIX)) {
    delivery ??= import('./lib/delivery/serve.ts');
    delivery
      .then((d) => d.serveDelivery(req, res, ip))
      .catch((err: Error) => {
        console.error(`[delivery] ${err.message}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'internal_error', message: 'Delivery failed' } }));
      });
    return;
  }
  void handle(req, res);
});
server.keepAliveTimeout = 65_000;
server.listen(env.PORT, env.HOST, () => console.log(`[start] Redline listening on http://${env.HOST}:${env.PORT}`));

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`[start] ${signal}: draining`);
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  server.close();
  server.closeIdleConnections();
  await shutdownProcess().catch((e: Error) => console.error(`[start] shutdown: ${e.message}`));
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
