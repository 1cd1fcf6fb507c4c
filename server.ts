// `npm start`: validate configuration, build on a fresh clone, apply migrations, then serve the
// console with Next.js on HOST:PORT (127.0.0.1:3000 by default). `npm run dev` (--dev) runs the
// same server with Next's development mode (hot reload, no build), so migrations, signed delivery
// and client addresses work there too.
// A custom server because route handlers cannot see the socket: it stamps the client address in
// a header of its own (replacing any a client sent), and it drains and flushes on SIGTERM.
import './lib/server/require-node.ts';
import './lib/server/source-maps-off.ts';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import next from 'next';
import { CLIENT_IP_HEADER } from './lib/api/request.ts';
import { PATH_HEADER } from './lib/auth/next-path.ts';
import { configOrExit } from './lib/config/index.ts';
import { DatabaseInUse, lockSqliteFile } from './lib/db/instance-lock.ts';
import { applyMigrations } from './lib/db/migrate.ts';
import { resolveDatabaseTarget } from './lib/db/target.ts';
import { DELIVERY_PREFIX } from './lib/delivery/signing.ts';
import { peek, put } from './lib/process/registry.ts';
import { AdmissionControl, classify } from './lib/server/admission.ts';
import { loopLag } from './lib/server/loop-lag.ts';
import { ADMISSION, HEALTH, INGEST_BEHIND, RECORD_REQUEST, shutdownProcess } from './lib/server/slots.ts';
import { guardUnreadBody } from './lib/server/unread-body.ts';
import { API_CSP, COMMON_HEADERS, isPagePath, NONCE_HEADER, pageCsp } from './lib/server/security-headers.ts';

const root = import.meta.dirname;
// Relative paths in the configuration (./data/media, ./data/variants) and the metrics writer's
// worker entry are resolved against the project, wherever `npm start` was run from.
process.chdir(root);
if (existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'));

const env = configOrExit();
const dev = process.argv.includes('--dev');
const target = resolveDatabaseTarget(env.DATABASE_URL, root);
if (target.provider === 'sqlite') {
  try {
    lockSqliteFile(target.file);
  } catch (err) {
    if (!(err instanceof DatabaseInUse)) throw err;
    console.error(`[start] ${err.message}`);
    process.exit(1);
  }
}

if (!dev && !existsSync(path.join(root, '.next/BUILD_ID'))) {
  console.log(
    '[start] no production build yet: running `npm run build` once (2–5 minutes on a 2-core machine; its steps follow)',
  );
  const t0 = Date.now();
  const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  console.log(`[start] built in ${Math.round((Date.now() - t0) / 1000)} s`);
}

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
// So is the images API's read of one variant with an API token (lib/delivery/api-read.ts).
let imageRead: Promise<typeof import('./lib/delivery/api-read.ts')> | undefined;

// Admission control: each class of route has a concurrency limit and a bounded queue; past them
// the answer is 503 + Retry-After at once. Health checks and static files never wait.
const admission = new AdmissionControl(undefined, undefined, undefined, undefined, loopLag());
put(ADMISSION, admission);
setInterval(() => admission.sweep(), 250).unref();

function overloaded(res: ServerResponse, retryAfterSeconds: number): void {
  if (res.headersSent) return void res.end();
  // A refused request's body is read and dropped after the answer (guardUnreadBody), so the
  // connection carries the client's retry.
  res.writeHead(503, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'retry-after': String(retryAfterSeconds),
  });
  res.end(
    JSON.stringify({
      error: { code: 'unavailable', message: 'Redline is busy; try again shortly', details: { retryAfterSeconds } },
    }),
  );
}

function answerJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, started: number): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'private, no-store' });
  res.end(JSON.stringify(body));
  peek(RECORD_REQUEST)?.((req.url ?? '').split('?')[0] ?? '', req.method ?? 'GET', status, performance.now() - started);
}

/** /api/ping and /api/health, answered here: they must stay fast when Next.js is busy. */
function answerHealth(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = (req.url ?? '').split('?')[0];
  const started = performance.now();
  if (path === '/api/ping') {
    answerJson(req, res, 200, { ok: true }, started);
    return true;
  }
  const health = peek(HEALTH);
  if (path !== '/api/health' || !health) return false; // before boot has run, Next's route answers
  health().then(
    (h) => answerJson(req, res, h.status === 'down' ? 503 : 200, h, started),
    () => answerJson(req, res, 503, { status: 'down' }, started),
  );
  return true;
}

function leanFailed(res: ServerResponse, err: Error): void {
  console.error(`[delivery] ${err.message}`);
  if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code: 'internal_error', message: 'Delivery failed' } }));
}

function dispatch(req: IncomingMessage, res: ServerResponse, ip: string): void {
  if (req.url?.startsWith(DELIVERY_PREFIX)) {
    delivery ??= import('./lib/delivery/serve.ts');
    delivery.then((d) => d.serveDelivery(req, res, ip)).catch((err: Error) => leanFailed(res, err));
    return;
  }
  if (req.headers.authorization && req.url?.startsWith('/api/optimization/images?')) {
    imageRead ??= import('./lib/delivery/api-read.ts');
    imageRead
      .then((m) => {
        const query = m.leanImageRead(req.method, req.url ?? '', req.headers.authorization);
        return query ? m.serveImageRead(req, res, query) : handle(req, res);
      })
      .catch((err: Error) => leanFailed(res, err));
    return;
  }
  void handle(req, res);
}

const server = createServer((req, res) => {
  const forwarded = env.TRUST_PROXY
    ? String(req.headers['x-forwarded-for'] ?? '')
        .split(',')[0]
        ?.trim()
    : '';
  const ip = forwarded || req.socket.remoteAddress || '';
  req.headers[CLIENT_IP_HEADER] = ip;
  const url = req.url ?? '/';
  for (const [k, v] of Object.entries(COMMON_HEADERS)) res.setHeader(k, v);
  if (isPagePath(url)) {
    // The page asked for, so a visitor sent to sign in comes back to it (lib/auth/next-path.ts).
    req.headers[PATH_HEADER] = url;
    // Next reads the nonce from the request's CSP header and puts it on its scripts; the root
    // layout passes it to MUI's colour-scheme script.
    const nonce = randomBytes(16).toString('base64');
    const csp = pageCsp(nonce, dev);
    req.headers[NONCE_HEADER] = nonce;
    req.headers['content-security-policy'] = csp;
    res.setHeader('content-security-policy', csp);
  } else {
    delete req.headers[NONCE_HEADER];
    delete req.headers[PATH_HEADER];
    res.setHeader('content-security-policy', API_CSP);
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  const bodyBytes =
    Number.isFinite(declared) && declared > 0 ? declared : req.headers['transfer-encoding'] ? 1_048_576 : 0;
  if (bodyBytes > 0) guardUnreadBody(req, res);
  const cls = classify(req.method ?? 'GET', url);
  if (cls === 'health' && answerHealth(req, res)) return;
  // Ingestion waits on the bulk writer: while it is behind, refuse before the body is read.
  if (cls === 'ingest' && peek(INGEST_BEHIND)?.()) return overloaded(res, 1);
  admission.request(
    cls,
    bodyBytes,
    (release) => {
      // A client that gave up while its request waited is not served.
      if (req.socket.destroyed) return release();
      res.once('close', release);
      dispatch(req, res, ip);
    },
    (retryAfterSeconds) => overloaded(res, retryAfterSeconds),
  );
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
